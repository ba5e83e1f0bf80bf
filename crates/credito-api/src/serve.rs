//! Running a router on a listener with graceful shutdown: when the shutdown
//! future completes the listener stops accepting, in-flight requests finish,
//! idle keep-alive connections close, and `serve` returns. A drain deadline
//! bounds the wait so a stuck client can never keep the process alive.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::serve::ListenerExt;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// How long in-flight requests get to finish after the shutdown signal.
pub const DEFAULT_DRAIN_DEADLINE: Duration = Duration::from_secs(30);

/// Serve `router` on `listener` until `shutdown` completes, then drain
/// in-flight requests (for at most [`DEFAULT_DRAIN_DEADLINE`]).
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let app = axum::Router::new();
/// credito_api::serve(listener, app, credito_api::shutdown_signal()).await
/// # }
/// ```
pub async fn serve<F>(listener: TcpListener, router: Router, shutdown: F) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    serve_with_drain_deadline(listener, router, shutdown, DEFAULT_DRAIN_DEADLINE).await
}

/// [`serve`] with an explicit drain deadline.
pub async fn serve_with_drain_deadline<F>(
    listener: TcpListener,
    router: Router,
    shutdown: F,
    drain_deadline: Duration,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let signalled = Arc::new(Notify::new());
    let notify = Arc::clone(&signalled);
    let signal = async move {
        shutdown.await;
        tracing::info!("shutdown requested: draining in-flight requests");
        notify.notify_one();
    };
    let listener = listener.tap_io(|tcp| {
        // Small JSON answers: send them now rather than waiting for more data.
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(%err, "could not set TCP_NODELAY");
        }
    });
    let server = axum::serve(listener, router).with_graceful_shutdown(signal);
    tokio::select! {
        result = server => {
            tracing::info!("server stopped");
            result
        }
        () = async {
            signalled.notified().await;
            tokio::time::sleep(drain_deadline).await;
        } => {
            tracing::warn!(
                deadline_ms = drain_deadline.as_millis() as u64,
                "drain deadline passed; closing remaining connections"
            );
            Ok(())
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("received SIGINT"),
        () = terminate => tracing::info!("received SIGTERM"),
    }
}
