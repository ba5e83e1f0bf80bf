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
}

/// Run the command.
pub fn run(args: ServeArgs) -> Result<ExitCode, CliError> {
    init_logging(args.log_format);
    let http = HttpSettings::from_env()
        .with_body_limit(args.body_limit)
        .with_request_timeout(Duration::from_millis(args.request_timeout_ms))
        .with_llm_deadline(Duration::from_millis(args.llm_deadline_ms));
    let options = ServiceOptions {
        segmentation_model: args.model,
        policy: args.policy,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let config = build_config(http, &options).map_err(|e| CliError(e.to_string()))?;
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
        credito_api::serve(
            listener,
            credito_api::router(config),
            credito_api::shutdown_signal(),
        )
        .await?;
        tracing::info!("stopped");
        Ok::<_, CliError>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`).
fn init_logging(format: LogFormat) {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
