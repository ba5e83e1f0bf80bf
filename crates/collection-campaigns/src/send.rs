//! Handing a contact to a gateway.
//!
//! [`Sender`] is the one thing a gateway needs to implement. [`WebhookSender`] is the default:
//! it POSTs the [`Delivery`] as JSON to a configured URL (an Evolution API bridge for
//! WhatsApp, an SMS gateway, an SMTP relay, a CRM), with the header `Idempotency-Key` so the
//! receiver can drop a repeat, and an optional bearer token. It retries what may succeed later
//! (no connection, a timeout, 408, 425, 429 and 5xx answers), waiting twice as long each time
//! (or what `Retry-After` asks, up to a minute), and gives up at once on other 4xx answers:
//! those will not change by asking again.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// One contact to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// The key the receiver deduplicates on (also the `Idempotency-Key` header).
    pub idempotency_key: String,
    /// The campaign.
    pub campaign: String,
    /// The client.
    pub client_id: String,
    /// The channel (`phone`, `whatsapp`, `sms`, `email`).
    pub channel: String,
    /// The variant.
    pub variant: String,
    /// The client's segment.
    pub segment: u8,
    /// The instant the planner allowed (RFC 3339 in the client's offset).
    pub send_at: String,
    /// The message, written for this client.
    pub message: String,
    /// Where the message came from (`modelo`, `template`, …).
    pub source: String,
}

/// The gateway took the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    /// Requests made (1 when the first one was accepted).
    pub attempts: u32,
    /// The accepting HTTP status.
    pub status: u16,
}

/// The contact was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The gateway refused it (a 4xx other than 408, 425 and 429): asking again will not help.
    #[error(
        "the gateway refused the contact with HTTP {status} after {attempts} attempt(s): {body}"
    )]
    Rejected {
        /// Requests made.
        attempts: u32,
        /// The HTTP status.
        status: u16,
        /// The start of the gateway's answer.
        body: String,
    },
    /// The gateway could not be reached or kept failing; it may work later.
    #[error("the gateway did not take the contact after {attempts} attempt(s): {message}")]
    Unavailable {
        /// Requests made.
        attempts: u32,
        /// The last failure.
        message: String,
    },
}

impl SendError {
    /// Requests made.
    pub fn attempts(&self) -> u32 {
        match self {
            SendError::Rejected { attempts, .. } | SendError::Unavailable { attempts, .. } => {
                *attempts
            }
        }
    }
}

/// A boxed future of a send.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<Sent, SendError>> + Send + 'a>>;

/// Something that hands contacts to a gateway.
pub trait Sender: Send + Sync {
    /// Send one contact; sending the same idempotency key twice must not contact twice.
    fn send<'a>(&'a self, delivery: &'a Delivery) -> SendFuture<'a>;
}

/// Longest wait between two attempts.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// POST each contact as JSON to a webhook.
#[derive(Debug, Clone)]
pub struct WebhookSender {
    client: reqwest::Client,
    url: reqwest::Url,
    token: Option<String>,
    attempts: u32,
    first_wait: Duration,
}

impl WebhookSender {
    /// A sender to `url` (http or https): 5 attempts, the first retry after 500 ms, 10 s per
    /// request.
    pub fn new(url: &str) -> Result<Self, SendError> {
        let unusable = |message: String| SendError::Unavailable {
            attempts: 0,
            message,
        };
        let url =
            reqwest::Url::parse(url).map_err(|e| unusable(format!("webhook URL {url:?}: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(unusable(format!(
                "webhook URL {url}: only http and https are supported"
            )));
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| unusable(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self {
            client,
            url,
            token: None,
            attempts: 5,
            first_wait: Duration::from_millis(500),
        })
    }

    /// Send `Authorization: Bearer <token>` (read it from the environment; it is never logged).
    pub fn with_token(mut self, token: Option<String>) -> Self {
        self.token = token.filter(|t| !t.is_empty());
        self
    }

    /// At most `attempts` requests per contact (at least 1), the first retry after
    /// `first_wait`, doubling.
    pub fn with_retries(mut self, attempts: u32, first_wait: Duration) -> Self {
        self.attempts = attempts.max(1);
        self.first_wait = first_wait;
        self
    }

    /// The webhook URL (without any credentials it might hold).
    pub fn url(&self) -> String {
        let mut url = self.url.clone();
        let _ = url.set_password(None);
        let _ = url.set_username("");
        url.to_string()
    }

    async fn deliver(&self, delivery: &Delivery) -> Result<Sent, SendError> {
        let mut wait = self.first_wait;
        let mut last = String::new();
        for attempt in 1..=self.attempts {
            let mut request = self
                .client
                .post(self.url.clone())
                .header("Idempotency-Key", &delivery.idempotency_key)
                .json(delivery);
            if let Some(token) = &self.token {
                request = request.bearer_auth(token);
            }
            let mut asked_wait = None;
            match request.send().await {
                Ok(answer) => {
                    let status = answer.status().as_u16();
                    if answer.status().is_success() {
                        return Ok(Sent {
                            attempts: attempt,
                            status,
                        });
                    }
                    asked_wait = answer
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(|s| Duration::from_secs(s).min(MAX_WAIT));
                    let body: String = answer
                        .text()
                        .await
                        .unwrap_or_default()
                        .chars()
                        .take(300)
                        .collect();
                    let retryable = matches!(status, 408 | 425 | 429) || status >= 500;
                    if !retryable {
                        return Err(SendError::Rejected {
                            attempts: attempt,
                            status,
                            body,
                        });
                    }
                    last = format!("HTTP {status}: {body}");
                }
                Err(e) => last = without_url(&e),
            }
            if attempt < self.attempts {
                tokio::time::sleep(asked_wait.unwrap_or(wait)).await;
                wait = (wait * 2).min(MAX_WAIT);
            }
        }
        Err(SendError::Unavailable {
            attempts: self.attempts,
            message: last,
        })
    }
}

/// A transport error without the URL (which may carry credentials).
fn without_url(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}: {detail}")
    }
}

impl Sender for WebhookSender {
    fn send<'a>(&'a self, delivery: &'a Delivery) -> SendFuture<'a> {
        Box::pin(self.deliver(delivery))
    }
}
