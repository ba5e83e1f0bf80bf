//! A real `credito serve` process on a free loopback port, shared by the tests that talk to
//! one over HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running `credito serve` on a free port, with its stderr collected.
pub struct Served {
    pub child: Child,
    pub addr: String,
    pub log: mpsc::Receiver<String>,
    /// What it printed before it listened.
    pub startup: Vec<String>,
}

/// A fresh SQLite store for one server of this test run.
pub fn temp_store() -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("credito-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("store-{n}.db"));
    let _ = std::fs::remove_file(&path);
    format!("sqlite://{}", path.display())
}

/// Start `credito serve` on a free port with a fresh SQLite store.
pub fn start(extra_env: &[(&str, &str)]) -> Served {
    start_with(&["--store", &temp_store()], extra_env)
}

/// Start `credito serve` on a free port with `args` (e.g. `--store URL`).
pub fn start_with(args: &[&str], extra_env: &[(&str, &str)]) -> Served {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_credito"));
    cmd.args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .env_remove("GROQ_API_KEY")
        .env_remove("CREDITO_API_TOKEN")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start credito serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut addr = None;
    let mut startup = Vec::new();
    while addr.is_none() {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("credito serve prints its address");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            addr = Some(rest.trim().to_string());
        }
        startup.push(line);
    }
    Served {
        child,
        addr: addr.unwrap_or_default(),
        log: rx,
        startup,
    }
}

impl Served {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn signal(&self, sig: &str) {
        let status = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Wait for the process to exit (at most 30 s) and return its status code.
    pub fn wait_exit(&mut self) -> Option<i32> {
        for _ in 0..300 {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("credito serve did not exit after the signal");
    }

    /// Every log line received so far.
    pub fn drain_log(&self) -> Vec<String> {
        self.log.try_iter().collect()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
