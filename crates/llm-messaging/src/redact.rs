//! Removing secrets from text that may be logged or returned (a provider's
//! error body can echo the API key or the `Authorization` header it got).

/// Replacement for every secret removed.
pub const REDACTED: &str = "[REDACTED]";

/// Shortest run of a secret's characters that counts as an echo of it.
const ECHO_WINDOW: usize = 8;

/// `text` with every secret removed: each of `secrets` wherever it appears,
/// any word holding 8 or more consecutive characters of one (a truncated or
/// masked echo), and the value after `Bearer` or `Authorization`.
///
/// ```
/// use llm_messaging::redact::redact_secrets;
/// let body = r#"{"error": "invalid key gsk_live_ABCDEF123456", "authorization": "Bearer gsk_live_ABCDEF123456"}"#;
/// let clean = redact_secrets(body, &["gsk_live_ABCDEF123456"]);
/// assert!(!clean.contains("ABCDEF"));
/// assert!(clean.contains("invalid key [REDACTED]"));
/// assert_eq!(redact_secrets("Authorization: Basic dXNlcjpwYXNz", &[]), "Authorization: [REDACTED]");
/// ```
pub fn redact_secrets(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(secret, REDACTED);
    }
    let out = redact_words(&out, secrets);
    let out = redact_after(&out, "bearer", false);
    redact_after(&out, "authorization", true)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | '/' | '=' | '*')
}

/// Replace each word that contains an [`ECHO_WINDOW`]-long piece of a secret.
fn redact_words(text: &str, secrets: &[&str]) -> String {
    let windows: Vec<&str> = secrets
        .iter()
        .filter(|s| s.is_ascii() && s.len() >= ECHO_WINDOW)
        .flat_map(|s| (0..=s.len() - ECHO_WINDOW).map(move |i| &s[i..i + ECHO_WINDOW]))
        .collect();
    if windows.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if windows.iter().any(|w| word.contains(w)) {
            out.push_str(REDACTED);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_word_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Replace the value that follows `keyword` (ASCII case-insensitive). With
/// `header`, the value may follow `:` or `=` and quotes, and runs to the end
/// of the quoted string or line, scheme included; without, it is one word.
fn redact_after(text: &str, keyword: &str, header: bool) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = lower[search..].find(keyword) {
        let start = search + found;
        let mut i = start + keyword.len();
        let bytes = text.as_bytes();
        let skip = |i: &mut usize, set: &[u8]| {
            while *i < bytes.len() && set.contains(&bytes[*i]) {
                *i += 1;
            }
        };
        if header {
            skip(&mut i, b"\"' \t");
            if i >= bytes.len() || !matches!(bytes[i], b':' | b'=') {
                search = start + keyword.len();
                continue;
            }
            i += 1;
            skip(&mut i, b"\"' \t");
        } else {
            if i >= bytes.len() || !matches!(bytes[i], b' ' | b'\t') {
                search = start + keyword.len();
                continue;
            }
            skip(&mut i, b" \t");
        }
        let value_start = i;
        let end = if header {
            bytes[i..]
                .iter()
                .position(|b| matches!(b, b'"' | b'\'' | b',' | b'\n' | b'\r' | b'}'))
                .map_or(bytes.len(), |p| i + p)
        } else {
            text[i..]
                .find(|c: char| !is_word_char(c))
                .map_or(text.len(), |p| i + p)
        };
        if end > value_start && &text[value_start..end] != REDACTED {
            out.push_str(&text[copied..value_start]);
            out.push_str(REDACTED);
            copied = end;
        }
        search = end.max(start + keyword.len());
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoes_of_the_key_in_any_form_are_removed() {
        let key = "gsk_0123456789abcdefXYZ";
        let cases = [
            format!("Invalid API Key: {key}"),
            "key gsk_0123456789ab... is not valid".to_string(),
            "received ****6789abcdefXYZ".to_string(),
            format!("{{\"headers\": {{\"Authorization\": \"Bearer {key}\"}}}}"),
            format!("authorization={key}&x=1"),
        ];
        for case in cases {
            let clean = redact_secrets(&case, &[key]);
            assert!(!clean.contains("6789abcd"), "{case} -> {clean}");
            assert!(clean.contains(REDACTED), "{case} -> {clean}");
        }
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        let text = "model `llama-3.3-70b-versatile` does not exist (code: 404)";
        assert_eq!(redact_secrets(text, &["gsk_0123456789abcdefXYZ"]), text);
        assert_eq!(
            redact_secrets("authorization required", &[]),
            "authorization required"
        );
    }

    #[test]
    fn any_bearer_or_authorization_value_is_removed_even_if_not_ours() {
        let clean = redact_secrets(
            "sent Bearer sk-other-token-1 and Authorization: Token abc",
            &[],
        );
        assert_eq!(
            clean,
            "sent Bearer [REDACTED] and Authorization: [REDACTED]"
        );
    }
}
