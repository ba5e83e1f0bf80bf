//! Helpers every test module uses: a fresh scratch directory and the `credito` binary.

use std::path::PathBuf;
use std::process::{Command, Output};

/// A fresh, empty directory for one test (`group` is the test module, `name` the test).
pub fn temp_dir(group: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("credito-{group}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run `credito` with `args` (no provider or tracking settings from the environment).
pub fn credito(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_credito"))
        .args(args)
        .env_remove("MLFLOW_TRACKING_URI")
        .env_remove("GROQ_API_KEY")
        .env_remove("CREDITO_LLM_BASE_URL")
        .output()
        .unwrap()
}
