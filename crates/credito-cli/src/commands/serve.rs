//! `credito serve`: run the HTTP service (credito-api) with the shipped
//! defaults — the trained approval MLP, the default segmentation model, the
//! seed's collection policy, and offline templates unless an LLM provider key
//! is in the environment. Logs go to stderr through `tracing`
//! (`RUST_LOG` filters, `--log-format json` for structured lines).
//! SIGTERM or SIGINT stops it gracefully: in-flight requests finish, exit 0.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use credito_api::startup::{build_config, ServiceOptions};
use credito_api::HttpSettings;

use super::CliError;

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Arguments of `credito serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the chosen address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Segmentation model JSON (default: the shipped model fitted on the UCI data).
    #[arg(long, value_name = "M.json")]
    pub model: Option<PathBuf>,
    /// Collection policy, TOML or JSON (default: the seed's table).
    #[arg(long, value_name = "P.toml")]
    pub policy: Option<PathBuf>,
    /// Approval model weights written by `credito train` (default: the shipped model).
    #[arg(long, value_name = "M.safetensors")]
    pub approval_model: Option<PathBuf>,
    /// Credit policy TOML (default: the shipped one; see `credito policy show credit`).
    #[arg(long, value_name = "P.toml")]
    pub credit_policy: Option<PathBuf>,
    /// Largest accepted request body, bytes.
    #[arg(long, default_value_t = credito_api::config::DEFAULT_BODY_LIMIT)]
    pub body_limit: usize,
    /// Request timeout, milliseconds (408 after it).
    #[arg(long, default_value_t = credito_api::config::DEFAULT_REQUEST_TIMEOUT.as_millis() as u64)]
    pub request_timeout_ms: u64,
    /// Time the LLM gets before the template answers, milliseconds.
    #[arg(long, default_value_t = credito_api::config::DEFAULT_LLM_DEADLINE.as_millis() as u64)]
    pub llm_deadline_ms: u64,
    /// Log format on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Where every decision and message is kept: `sqlite://PATH` (embedded, the default
    /// `sqlite://credito.db` in the working directory), `postgres://USER@HOST:PORT/DB`
    /// (several instances sharing one database; the password from the URL or PGPASSWORD),
    /// or `none` (keep nothing).
    #[arg(long, value_name = "URL", default_value = "sqlite://credito.db")]
    pub store: String,
}

/// Run the command.
pub fn run(args: ServeArgs) -> Result<ExitCode, CliError> {
    let sink = init_logging(args.log_format);
    let outcome = serve(args);
    if let Err(err) = &outcome {
        tracing::error!(error = %err, "credito serve failed");
    }
    if let Some(sink) = sink {
        sink.flush();
    }
    outcome
}

/// Configure, bind and serve until SIGTERM/SIGINT.
fn serve(args: ServeArgs) -> Result<ExitCode, CliError> {
    let http = HttpSettings::from_env()?
        .with_body_limit(args.body_limit)
        .with_request_timeout(Duration::from_millis(args.request_timeout_ms))
        .with_llm_deadline(Duration::from_millis(args.llm_deadline_ms));
    let options = ServiceOptions {
        segmentation_model: args.model,
        policy: args.policy,
        approval_model: args.approval_model,
        credit_policy: args.credit_policy,
    };
    let location = decision_store::StoreLocation::parse(&args.store)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let mut config = build_config(http, &options).map_err(|e| CliError(e.to_string()))?;
        match &location {
            decision_store::StoreLocation::None => {
                eprintln!("credito: decision store: none (nothing is kept)");
            }
            location => {
                let store = decision_store::SqlStore::open(location).await?;
                eprintln!("credito: decision store: {location}");
                tracing::info!(store = %location, "decision store open");
                let store = std::sync::Arc::new(store);
                config.state = config.state.with_store(store.clone()).with_campaigns(store);
            }
        }
        tracing::info!(
            auth = config.http.auth_enabled(),
            body_limit = config.http.body_limit,
            request_timeout_ms = config.http.request_timeout.as_millis() as u64,
            llm = config.state.messages().llm_configured(),
            "service configured"
        );
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .map_err(|e| CliError(format!("cannot listen on {}: {e}", args.addr)))?;
        let addr = listener.local_addr()?;
        tracing::info!(%addr, "listening");
        eprintln!("credito: listening on http://{addr}");
        let options = credito_api::ServeOptions {
            header_read_timeout: config.http.request_timeout,
            ..credito_api::ServeOptions::default()
        };
        let app = credito_api::router(config);
        credito_api::serve_with(listener, app, credito_api::shutdown_signal(), options).await?;
        tracing::info!("stopped");
        Ok::<_, CliError>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`). Lines are handed
/// to a writer thread (see [`StderrSink`]) so request handling never waits on
/// the terminal or the log file.
fn init_logging(format: LogFormat) -> Option<StderrSink> {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let sink = StderrSink::start();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(sink.clone());
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    installed.ok().map(|()| sink)
}

/// Message to the log writer thread.
enum LogMessage {
    Line(Vec<u8>),
    Flush(std::sync::mpsc::Sender<()>),
}

/// A `MakeWriter` sending each formatted log line to a thread that writes
/// them to stderr in batches (flushed whenever the queue is empty). When the
/// queue is full, lines are dropped and counted rather than slowing requests.
#[derive(Clone)]
struct StderrSink {
    tx: std::sync::mpsc::SyncSender<LogMessage>,
    dropped: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// Lines queued at most before new ones are dropped.
const LOG_QUEUE: usize = 16 * 1024;

impl StderrSink {
    fn start() -> Self {
        use std::io::Write;
        use std::sync::atomic::Ordering;
        let (tx, rx) = std::sync::mpsc::sync_channel::<LogMessage>(LOG_QUEUE);
        let dropped = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let seen = std::sync::Arc::clone(&dropped);
        std::thread::spawn(move || {
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stderr());
            while let Ok(first) = rx.recv() {
                let mut acks = Vec::new();
                for message in std::iter::once(first).chain(rx.try_iter()) {
                    match message {
                        LogMessage::Line(line) => {
                            let _ = out.write_all(&line);
                        }
                        LogMessage::Flush(ack) => acks.push(ack),
                    }
                }
                let lost = seen.swap(0, Ordering::Relaxed);
                if lost > 0 {
                    let _ = writeln!(out, "credito: {lost} log lines dropped (log queue full)");
                }
                let _ = out.flush();
                for ack in acks {
                    let _ = ack.send(());
                }
            }
        });
        Self { tx, dropped }
    }

    /// Wait (at most two seconds) until every queued line is written.
    fn flush(&self) {
        let (ack, done) = std::sync::mpsc::channel();
        if self.tx.send(LogMessage::Flush(ack)).is_ok() {
            let _ = done.recv_timeout(Duration::from_secs(2));
        }
    }
}

impl std::io::Write for StderrSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.tx.try_send(LogMessage::Line(buf.to_vec())).is_err() {
            self.dropped
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for StderrSink {
    type Writer = StderrSink;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}
