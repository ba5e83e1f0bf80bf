//! Escaping for the self-contained HTML pages the commands write.

/// `s` with the characters HTML gives meaning to escaped (for text and attribute values).
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
