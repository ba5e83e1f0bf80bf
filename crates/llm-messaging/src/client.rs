//! An OpenAI-compatible chat-completions client (reqwest, rustls) with timeouts, bounded
//! retries (exponential backoff with jitter, `Retry-After` honoured) and typed errors.

use std::time::{Duration, Instant};

use rand::Rng;
use reqwest::header::RETRY_AFTER;
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

use crate::config::LlmConfig;
use crate::prompt::Prompt;

/// Largest response body read from a provider (a 200-token completion is a few KiB).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Why a completion failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LlmError {
    /// 401/403: the key is missing, wrong or not allowed.
    #[error("provider refused the credentials (HTTP {status})")]
    Auth {
        /// HTTP status.
        status: u16,
    },
    /// 429 on the last attempt (or a `Retry-After` beyond the cap or the deadline).
    #[error("provider rate limit (HTTP 429){}", retry_after_text(*.retry_after_secs))]
    RateLimited {
        /// The provider's `Retry-After`, in seconds, if given.
        retry_after_secs: Option<u64>,
    },
    /// 5xx on the last attempt.
    #[error("provider server error (HTTP {status})")]
    Server {
        /// HTTP status.
        status: u16,
    },
    /// Another non-success status (e.g. 400, 404).
    #[error("provider rejected the request (HTTP {status}): {detail}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// Start of the body.
        detail: String,
    },
    /// No complete answer within the timeout (or the message deadline).
    #[error("provider timed out after {after_ms} ms")]
    Timeout {
        /// Time waited on the attempt, in milliseconds.
        after_ms: u64,
    },
    /// The connection failed.
    #[error("cannot reach provider: {detail}")]
    Transport {
        /// reqwest's message.
        detail: String,
    },
    /// The body is not a chat-completions response.
    #[error("malformed provider response: {detail}")]
    Malformed {
        /// What was wrong.
        detail: String,
    },
    /// The response has no text.
    #[error("provider returned empty content")]
    EmptyContent,
    /// The configuration is unusable (see [`LlmConfig::check`]).
    #[error("invalid LLM configuration: {0}")]
    InvalidConfig(String),
}

fn retry_after_text(secs: Option<u64>) -> String {
    secs.map(|s| format!(", retry after {s} s"))
        .unwrap_or_default()
}

impl LlmError {
    /// Whether another attempt may succeed (429, 5xx, timeouts, connection failures).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            LlmError::RateLimited { .. }
                | LlmError::Server { .. }
                | LlmError::Timeout { .. }
                | LlmError::Transport { .. }
        )
    }
}

#[derive(Serialize)]
struct ChatRequest<'a> {
    model: &'a str,
    messages: [ChatMessage<'a>; 2],
    temperature: f32,
    max_tokens: u32,
}

#[derive(Serialize)]
struct ChatMessage<'a> {
    role: &'static str,
    content: &'a str,
}

#[derive(Deserialize)]
struct ChatResponse {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: ChoiceMessage,
}

#[derive(Deserialize)]
struct ChoiceMessage {
    content: Option<String>,
}

/// A chat-completions client for one provider configuration.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use llm_messaging::{ApiKey, ChatClient, LlmConfig, Prompt};
///
/// let config = LlmConfig::new("https://api.groq.com/openai/v1", "llama-3.3-70b-versatile",
///                             Some(ApiKey::new(std::env::var("GROQ_API_KEY")?)));
/// let client = ChatClient::new(config)?;
/// let text = client.complete(&Prompt { system: "Be brief.".into(), user: "Hi".into() }).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ChatClient {
    http: reqwest::Client,
    config: LlmConfig,
    endpoint: String,
}

impl ChatClient {
    /// Build the HTTP client (rustls, connect timeout from the configuration).
    pub fn new(config: LlmConfig) -> Result<Self, LlmError> {
        let config = config
            .check()
            .map_err(|e| LlmError::InvalidConfig(e.to_string()))?
            .into_inner();
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .build()
            .map_err(|e| LlmError::Transport {
                detail: e.to_string(),
            })?;
        let endpoint = config.endpoint();
        Ok(ChatClient {
            http,
            config,
            endpoint,
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &LlmConfig {
        &self.config
    }

    /// Ask for one completion, retrying 429/5xx/timeouts/connection failures up to
    /// `max_attempts` times within the configured deadline.
    pub async fn complete(&self, prompt: &Prompt) -> Result<String, LlmError> {
        let started = Instant::now();
        let deadline = self.config.deadline;
        let attempts = self.config.max_attempts.max(1);
        let mut attempt = 1;
        loop {
            let remaining = deadline.saturating_sub(started.elapsed());
            if remaining.is_zero() {
                return Err(LlmError::Timeout {
                    after_ms: millis(started.elapsed()),
                });
            }
            let budget = self.config.timeout.min(remaining);
            let error = match self.attempt(prompt, budget).await {
                Ok(text) => return Ok(text),
                Err(e) => e,
            };
            if !error.is_retryable() || attempt >= attempts {
                return Err(error);
            }
            let wait = match &error {
                LlmError::RateLimited {
                    retry_after_secs: Some(secs),
                } => {
                    let asked = Duration::from_secs(*secs);
                    if asked > self.config.retry_after_cap {
                        return Err(error);
                    }
                    asked
                }
                _ => self.backoff(attempt),
            };
            if started.elapsed() + wait >= deadline {
                return Err(error);
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// Exponential backoff with jitter: base × 2^(attempt-1) × U(0.5, 1.0), at most 8 s.
    /// `text` without the API key or any credential value.
    fn redacted(&self, text: &str) -> String {
        let key = self.config.api_key.as_ref().map(|k| k.expose());
        crate::redact::redact_secrets(text, key.as_slice())
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .config
            .backoff_base
            .saturating_mul(1u32 << (attempt - 1).min(10))
            .min(Duration::from_secs(8));
        exp.mul_f64(rand::thread_rng().gen_range(0.5..=1.0))
    }

    async fn attempt(&self, prompt: &Prompt, budget: Duration) -> Result<String, LlmError> {
        let started = Instant::now();
        let body = ChatRequest {
            model: &self.config.model,
            messages: [
                ChatMessage {
                    role: "system",
                    content: &prompt.system,
                },
                ChatMessage {
                    role: "user",
                    content: &prompt.user,
                },
            ],
            temperature: self.config.temperature,
            max_tokens: self.config.max_tokens,
        };
        let mut request = self.http.post(&self.endpoint).timeout(budget).json(&body);
        if let Some(key) = &self.config.api_key {
            request = request.bearer_auth(key.expose());
        }
        let exchange = async {
            let response = request.send().await?;
            let status = response.status();
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            let mut response = response;
            let mut bytes = Vec::new();
            while let Some(chunk) = response.chunk().await? {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > MAX_BODY_BYTES {
                    // Larger than any chat completion of 200 tokens: stop reading.
                    break;
                }
            }
            Ok::<_, reqwest::Error>((status, retry_after, bytes))
        };
        // reqwest's own timeout covers the body too; this outer one is a second fence.
        let outcome = tokio::time::timeout(budget + Duration::from_millis(50), exchange).await;
        let (status, retry_after, bytes) = match outcome {
            Err(_) => {
                return Err(LlmError::Timeout {
                    after_ms: millis(started.elapsed()),
                })
            }
            Ok(Err(e)) if e.is_timeout() => {
                return Err(LlmError::Timeout {
                    after_ms: millis(started.elapsed()),
                })
            }
            Ok(Err(e)) => {
                return Err(LlmError::Transport {
                    detail: self.redacted(&without_url(&e)),
                })
            }
            Ok(Ok(parts)) => parts,
        };
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(LlmError::Auth {
                status: status.as_u16(),
            });
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(LlmError::RateLimited {
                retry_after_secs: retry_after,
            });
        }
        if status.is_server_error() {
            return Err(LlmError::Server {
                status: status.as_u16(),
            });
        }
        if !status.is_success() {
            // The body may echo the key: redact before it is kept or logged.
            let text = self.redacted(&String::from_utf8_lossy(&bytes));
            return Err(LlmError::Rejected {
                status: status.as_u16(),
                detail: text.chars().take(200).collect(),
            });
        }
        if bytes.len() > MAX_BODY_BYTES {
            return Err(LlmError::Malformed {
                detail: format!("response body larger than {MAX_BODY_BYTES} bytes"),
            });
        }
        let parsed: ChatResponse =
            serde_json::from_slice(&bytes).map_err(|e| LlmError::Malformed {
                detail: e.to_string(),
            })?;
        let choice = parsed
            .choices
            .into_iter()
            .next()
            .ok_or(LlmError::Malformed {
                detail: "no choices".into(),
            })?;
        let content = choice.message.content.unwrap_or_default();
        let cleaned = clean(&content);
        if cleaned.is_empty() {
            return Err(LlmError::EmptyContent);
        }
        Ok(cleaned)
    }
}

/// `Retry-After` in whole seconds (delta-seconds form; an HTTP date is ignored).
fn parse_retry_after(value: &str) -> Option<u64> {
    let secs: f64 = value.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| secs.ceil() as u64)
}

/// Trim whitespace and a pair of wrapping quotes the model sometimes adds.
fn clean(text: &str) -> String {
    let t = text.trim();
    let unquoted = t
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| t.strip_prefix('“').and_then(|s| s.strip_suffix('”')))
        .unwrap_or(t);
    unquoted.trim().to_string()
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// reqwest's message without the URL (a base URL could carry credentials in its query).
fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "<endpoint>");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unusable_configuration_never_builds_a_client() {
        let good = LlmConfig::new("http://127.0.0.1:9/v1", "m", None);
        assert!(ChatClient::new(good.clone()).is_ok());
        let cases = [
            (
                "base_url",
                LlmConfig {
                    base_url: "ftp://x".into(),
                    ..good.clone()
                },
            ),
            (
                "max_attempts",
                LlmConfig {
                    max_attempts: 0,
                    ..good.clone()
                },
            ),
            (
                "timeout",
                LlmConfig {
                    timeout: Duration::ZERO,
                    ..good.clone()
                },
            ),
            (
                "temperature",
                LlmConfig {
                    temperature: 9.0,
                    ..good.clone()
                },
            ),
        ];
        for (field, config) in cases {
            match ChatClient::new(config) {
                Err(LlmError::InvalidConfig(message)) => {
                    assert!(message.starts_with(field), "{message}")
                }
                other => panic!(
                    "{field}: expected InvalidConfig, got {:?}",
                    other.map(|_| ())
                ),
            }
        }
    }

    #[test]
    fn retry_after_parsing() {
        assert_eq!(parse_retry_after("2"), Some(2));
        assert_eq!(parse_retry_after(" 0.2 "), Some(1));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }

    #[test]
    fn cleaning_strips_quotes() {
        assert_eq!(clean("  \"Olá!\"\n"), "Olá!");
        assert_eq!(clean("“Olá”"), "Olá");
        assert_eq!(clean("   "), "");
    }

    #[test]
    fn backoff_grows_and_is_jittered() {
        let client = ChatClient::new(LlmConfig::new("http://127.0.0.1:1", "m", None)).unwrap();
        for attempt in 1..=3 {
            let full = Duration::from_millis(300) * (1 << (attempt - 1));
            let d = client.backoff(attempt);
            assert!(d >= full / 2 && d <= full, "{attempt}: {d:?}");
        }
    }
}
