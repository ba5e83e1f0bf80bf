//! Provider configuration: base URL, model, key and timeouts, from code or the environment.
//!
//! Environment: `CREDITO_LLM_BASE_URL`, `CREDITO_LLM_API_KEY` (else `GROQ_API_KEY`),
//! `CREDITO_LLM_MODEL`, `CREDITO_LLM_TIMEOUT_SECS` (per attempt) and
//! `CREDITO_LLM_DEADLINE_SECS` (whole message, all attempts). With neither a key nor a base
//! URL the configuration is offline (templates only).

use std::fmt;
use std::time::Duration;

/// Groq's OpenAI-compatible base URL (the default provider).
pub const GROQ_BASE_URL: &str = "https://api.groq.com/openai/v1";
/// Default model.
pub const DEFAULT_MODEL: &str = "llama-3.3-70b-versatile";
/// Default per-attempt timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// An API key. Its `Debug` output is redacted and it has no `Display`, so it cannot end up in
/// a log by accident.
///
/// ```
/// let key = llm_messaging::ApiKey::new("gsk_secret");
/// assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
/// assert_eq!(key.expose(), "gsk_secret");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wrap a key.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// The key itself, for the `Authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// How to reach an OpenAI-compatible chat-completions provider.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmConfig {
    /// Base URL; `/chat/completions` is appended.
    pub base_url: String,
    /// Model name.
    pub model: String,
    /// Bearer key; `None` for local servers that need none.
    pub api_key: Option<ApiKey>,
    /// Sampling temperature (0.4).
    pub temperature: f32,
    /// Completion length cap (200).
    pub max_tokens: u32,
    /// TCP/TLS connect timeout.
    pub connect_timeout: Duration,
    /// Timeout of one attempt, from connecting to the end of the body.
    pub timeout: Duration,
    /// Budget for the whole message, all attempts and waits included.
    pub deadline: Duration,
    /// Attempts at most (3).
    pub max_attempts: u32,
    /// First backoff; doubled each retry, with jitter.
    pub backoff_base: Duration,
    /// Largest `Retry-After` honoured; a longer one ends the retries.
    pub retry_after_cap: Duration,
}

impl LlmConfig {
    /// Defaults for `base_url` and `model` with the given key: temperature 0.4, max_tokens 200,
    /// 15 s per attempt, 30 s per message, 3 attempts.
    ///
    /// ```
    /// let c = llm_messaging::LlmConfig::new("https://api.groq.com/openai/v1", "llama-3.3-70b-versatile", None);
    /// assert_eq!((c.temperature, c.max_tokens, c.max_attempts), (0.4, 200, 3));
    /// ```
    pub fn new(
        base_url: impl Into<String>,
        model: impl Into<String>,
        api_key: Option<ApiKey>,
    ) -> Self {
        LlmConfig {
            base_url: base_url.into(),
            model: model.into(),
            api_key,
            temperature: 0.4,
            max_tokens: 200,
            connect_timeout: Duration::from_secs(5),
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_TIMEOUT * 2,
            max_attempts: 3,
            backoff_base: Duration::from_millis(300),
            retry_after_cap: Duration::from_secs(10),
        }
        .with_timeout(DEFAULT_TIMEOUT)
    }

    /// Set the per-attempt timeout; the connect timeout becomes min(5 s, timeout) and the
    /// message deadline twice the timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self.connect_timeout = timeout.min(Duration::from_secs(5));
        self.deadline = timeout * 2;
        self
    }

    /// Check every field (the checked-parameter shape of the workspace:
    /// `TrainParams::check`, `SegmentationConfig::check`); [`crate::ChatClient::new`]
    /// calls it, so no client runs with an unusable configuration.
    ///
    /// ```
    /// use llm_messaging::LlmConfig;
    /// let mut c = LlmConfig::new("http://127.0.0.1:8080/v1", "local", None);
    /// assert!(c.clone().check().is_ok());
    /// c.temperature = f32::NAN;
    /// assert_eq!(c.check().unwrap_err().variable, "temperature");
    /// ```
    pub fn check(self) -> Result<ValidLlmConfig, ConfigError> {
        let bad = |variable: &'static str, message: String| Err(ConfigError { variable, message });
        let url = &self.base_url;
        if !(url.starts_with("http://") || url.starts_with("https://"))
            || url.contains(char::is_whitespace)
        {
            return bad(
                "base_url",
                format!("must be an http:// or https:// URL, got {url:?}"),
            );
        }
        if self.model.trim().is_empty() {
            return bad("model", "must not be empty".into());
        }
        if !(self.temperature.is_finite() && (0.0..=2.0).contains(&self.temperature)) {
            return bad(
                "temperature",
                format!("must be in 0..=2, got {}", self.temperature),
            );
        }
        if self.max_tokens == 0 {
            return bad("max_tokens", "must be at least 1".into());
        }
        if self.max_attempts == 0 {
            return bad("max_attempts", "must be at least 1".into());
        }
        for (name, value) in [
            ("connect_timeout", self.connect_timeout),
            ("timeout", self.timeout),
            ("deadline", self.deadline),
        ] {
            if value.is_zero() {
                return bad(name, "must be longer than zero".into());
            }
        }
        Ok(ValidLlmConfig(self))
    }

    /// The full chat-completions URL.
    pub fn endpoint(&self) -> String {
        format!("{}/chat/completions", self.base_url.trim_end_matches('/'))
    }

    /// Read the process environment; `Ok(None)` means offline.
    pub fn from_env() -> Result<Option<Self>, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`LlmConfig::from_env`] with any variable source (empty values count as unset).
    ///
    /// ```
    /// use llm_messaging::LlmConfig;
    ///
    /// assert_eq!(LlmConfig::from_lookup(|_| None).unwrap(), None);
    /// let c = LlmConfig::from_lookup(|k| (k == "GROQ_API_KEY").then(|| "k".to_string()))
    ///     .unwrap().unwrap();
    /// assert_eq!(c.endpoint(), "https://api.groq.com/openai/v1/chat/completions");
    /// assert_eq!(c.model, "llama-3.3-70b-versatile");
    /// ```
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let base_url = get("CREDITO_LLM_BASE_URL");
        let key = get("CREDITO_LLM_API_KEY").or_else(|| get("GROQ_API_KEY"));
        if base_url.is_none() && key.is_none() {
            return Ok(None);
        }
        let base_url = base_url.unwrap_or_else(|| GROQ_BASE_URL.to_string());
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError {
                variable: "CREDITO_LLM_BASE_URL",
                message: format!("must start with http:// or https://, got {base_url:?}"),
            });
        }
        let model = get("CREDITO_LLM_MODEL").unwrap_or_else(|| DEFAULT_MODEL.to_string());
        let mut config = LlmConfig::new(base_url, model, key.map(ApiKey::new));
        if let Some(t) = get("CREDITO_LLM_TIMEOUT_SECS") {
            config = config.with_timeout(seconds("CREDITO_LLM_TIMEOUT_SECS", &t)?);
        }
        if let Some(t) = get("CREDITO_LLM_DEADLINE_SECS") {
            config.deadline = seconds("CREDITO_LLM_DEADLINE_SECS", &t)?;
        }
        config.check().map(|c| Some(c.into_inner()))
    }
}

fn seconds(variable: &'static str, text: &str) -> Result<Duration, ConfigError> {
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 3600.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(ConfigError {
            variable,
            message: format!("must be a number of seconds in (0, 3600], got {text:?}"),
        }),
    }
}

/// An [`LlmConfig`] whose every field has been checked ([`LlmConfig::check`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidLlmConfig(LlmConfig);

impl ValidLlmConfig {
    /// The checked configuration.
    pub fn into_inner(self) -> LlmConfig {
        self.0
    }
}

impl std::ops::Deref for ValidLlmConfig {
    type Target = LlmConfig;
    fn deref(&self) -> &LlmConfig {
        &self.0
    }
}

/// A configuration variable (or field) has an unusable value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable} {message}")]
pub struct ConfigError {
    /// The environment variable.
    pub variable: &'static str,
    /// What is wrong with it.
    pub message: String,
}
