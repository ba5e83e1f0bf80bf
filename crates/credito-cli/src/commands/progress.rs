//! A progress bar on stderr for long runs, drawn only when stderr is a terminal (so logs and
//! pipes stay clean). With a known total it shows a bar, the share done and an estimate of the
//! time left; without one, the count and the rate.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Width of the bar in characters.
const WIDTH: usize = 30;
/// Redraw at most this often.
const EVERY: Duration = Duration::from_millis(100);

/// A bar for `what` (e.g. "replayed"), counting items.
pub(crate) struct ProgressBar {
    what: &'static str,
    total: Option<usize>,
    on: bool,
    started: Instant,
    drawn: Option<Instant>,
}

impl ProgressBar {
    /// A bar on stderr, drawn only if stderr is a terminal.
    pub(crate) fn new(what: &'static str, total: Option<usize>) -> Self {
        Self {
            what,
            total,
            on: std::io::stderr().is_terminal(),
            started: Instant::now(),
            drawn: None,
        }
    }

    /// `done` items are finished; redraws when enough time has passed.
    pub(crate) fn set(&mut self, done: usize) {
        if !self.on || self.drawn.is_some_and(|t| t.elapsed() < EVERY) {
            return;
        }
        self.drawn = Some(Instant::now());
        let line = render(self.what, done, self.total, self.started.elapsed());
        let mut err = std::io::stderr().lock();
        // A terminal that cannot be written to is not worth failing the run for.
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
    }

    /// The final line (with `done` items), then a newline.
    pub(crate) fn finish(&mut self, done: usize) {
        if self.on {
            self.drawn = None;
            self.set(done);
            eprintln!();
        }
    }
}

/// One line of the bar.
fn render(what: &str, done: usize, total: Option<usize>, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        done as f64 / seconds
    } else {
        0.0
    };
    match total {
        Some(total) if total > 0 => {
            let share = (done as f64 / total as f64).min(1.0);
            let filled = (share * WIDTH as f64).round() as usize;
            let left = if rate > 0.0 {
                format!(", {:.0} s left", (total.saturating_sub(done)) as f64 / rate)
            } else {
                String::new()
            };
            format!(
                "{what} [{}{}] {done}/{total} ({:.0} %{left})",
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                share * 100.0
            )
        }
        _ => format!("{what} {done} ({rate:.0}/s)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_total_draws_a_bar_with_the_share_and_the_time_left() {
        let line = render("replayed", 250, Some(1000), Duration::from_secs(5));
        assert_eq!(
            line,
            format!(
                "replayed [{}{}] 250/1000 (25 %, 15 s left)",
                "#".repeat(8),
                "-".repeat(22)
            )
        );
        let done = render("replayed", 1000, Some(1000), Duration::from_secs(5));
        assert!(done.contains(&"#".repeat(WIDTH)) && done.contains("(100 %, 0 s left)"));
    }

    #[test]
    fn an_unknown_total_shows_the_count_and_rate() {
        assert_eq!(
            render("analyzed", 3000, None, Duration::from_secs(2)),
            "analyzed 3000 (1500/s)"
        );
        assert_eq!(
            render("analyzed", 0, Some(0), Duration::ZERO),
            "analyzed 0 (0/s)"
        );
    }
}
