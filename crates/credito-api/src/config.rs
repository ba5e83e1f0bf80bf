//! HTTP-level settings of the service: body limit, request timeout, optional
//! bearer token, LLM deadline. Stage objects live in [`crate::AppState`].

use std::time::Duration;

/// Default maximum request body: 64 KiB.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;
/// Default time a request may take before the service answers 408.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time the LLM gets before the template answers instead.
pub const DEFAULT_LLM_DEADLINE: Duration = credito_collections::DEFAULT_LLM_DEADLINE;
/// Environment variable holding the optional bearer token.
pub const TOKEN_ENV: &str = "CREDITO_API_TOKEN";

/// HTTP-level settings.
///
/// ```
/// use credito_api::HttpSettings;
///
/// let settings = HttpSettings::default().with_token(Some("s3cret".into()));
/// assert_eq!(settings.body_limit, 64 * 1024);
/// // The token never shows in debug output.
/// assert!(!format!("{settings:?}").contains("s3cret"));
/// ```
#[derive(Clone)]
pub struct HttpSettings {
    /// Largest accepted request body in bytes (413 above it).
    pub body_limit: usize,
    /// Time a request may take, body upload included (408 after it).
    pub request_timeout: Duration,
    /// Time the LLM generator gets before the offline template answers.
    pub llm_deadline: Duration,
    /// Bearer token required on every route but health; `None` disables auth.
    api_token: Option<String>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            body_limit: DEFAULT_BODY_LIMIT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            llm_deadline: DEFAULT_LLM_DEADLINE,
            api_token: None,
        }
    }
}

impl HttpSettings {
    /// Defaults, with the bearer token taken from `CREDITO_API_TOKEN` when it is
    /// set and not empty. A token no client could send back (spaces,
    /// control or non-ASCII characters) is refused rather than accepted and
    /// never matched.
    pub fn from_env() -> Result<Self, TokenError> {
        let token = match std::env::var(TOKEN_ENV) {
            Ok(t) => Some(t),
            Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(TokenError {
                    position: 0,
                    character: "not UTF-8".into(),
                })
            }
        };
        if let Some(t) = token.as_deref() {
            check_token(t)?;
        }
        Ok(Self::default().with_token(token))
    }

    /// Set (or clear) the bearer token; an empty token disables auth.
    /// Callers that take the token from outside should [`check_token`] it.
    pub fn with_token(mut self, token: Option<String>) -> Self {
        self.api_token = token.filter(|t| !t.is_empty());
        self
    }

    /// Set the body limit in bytes.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Set the request timeout.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Set the LLM deadline.
    pub fn with_llm_deadline(mut self, deadline: Duration) -> Self {
        self.llm_deadline = deadline;
        self
    }

    /// The configured bearer token, if any.
    pub fn api_token(&self) -> Option<&str> {
        self.api_token.as_deref()
    }

    /// Whether bearer auth is on.
    pub fn auth_enabled(&self) -> bool {
        self.api_token.is_some()
    }
}

/// A bearer token holds a character a client cannot send in
/// `Authorization: Bearer <token>` (RFC 6750 allows visible ASCII only).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{TOKEN_ENV} has a space or an invisible or non-ASCII character ({character}) at position \
     {position}: no client could ever send it. Set it again to visible ASCII characters only."
)]
pub struct TokenError {
    /// 1-based character position (0 when the value is not UTF-8).
    pub position: usize,
    /// The offending character, described (never the token itself).
    pub character: String,
}

/// Check that `token` is made of visible ASCII characters only (`!` to `~`).
///
/// ```
/// use credito_api::check_token;
/// assert!(check_token("s3cr3t-Token_1").is_ok());
/// assert_eq!(check_token(" s3cret").unwrap_err().position, 1);
/// assert!(check_token("s3cret\u{200b}").is_err());
/// ```
pub fn check_token(token: &str) -> Result<(), TokenError> {
    match token
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_graphic())
    {
        None => Ok(()),
        Some((i, c)) => Err(TokenError {
            position: i + 1,
            character: match c {
                ' ' => "a space".to_string(),
                '\t' => "a tab".to_string(),
                '\n' | '\r' => "a line break".to_string(),
                other => format!("U+{:04X}", u32::from(other)),
            },
        }),
    }
}

impl std::fmt::Debug for HttpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpSettings")
            .field("body_limit", &self.body_limit)
            .field("request_timeout", &self.request_timeout)
            .field("llm_deadline", &self.llm_deadline)
            .field("api_token", &self.api_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}
