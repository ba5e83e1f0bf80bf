//! Text folding for the guard: lower case, accents removed, punctuation turned into spaces,
//! so that rules match "POLÍCIA", "policia" and "polícia," alike.

/// Fold one character: lower case without diacritics; `None` for separators.
fn fold_char(c: char) -> Option<char> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let base = match lower {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    };
    base.is_alphanumeric().then_some(base)
}

/// Split `text` into folded words.
///
/// ```
/// use llm_messaging::text::words;
/// assert_eq!(words("Chamaremos a POLÍCIA, ok?"), ["chamaremos", "a", "policia", "ok"]);
/// ```
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        match fold_char(c) {
            Some(f) => current.push(f),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A phrase pattern: folded words, each matched exactly or, when written with a trailing
/// `*`, as a prefix.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// The pattern as written (for reports).
    pub label: &'static str,
    parts: Vec<(String, bool)>,
}

impl Phrase {
    /// Compile a pattern such as `"process* judicia*"` (a trailing `*` matches a prefix).
    pub fn new(label: &'static str) -> Self {
        let parts = label
            .split_whitespace()
            .map(|w| {
                let prefix = w.ends_with('*');
                let folded = words(w.trim_end_matches('*')).concat();
                (folded, prefix)
            })
            .filter(|(w, _)| !w.is_empty())
            .collect();
        Phrase { label, parts }
    }

    /// The first place the phrase occurs in `text_words`, as the matched original words.
    pub fn find(&self, text_words: &[String]) -> Option<String> {
        let n = self.parts.len();
        if n == 0 || text_words.len() < n {
            return None;
        }
        (0..=text_words.len() - n).find_map(|start| {
            let window = &text_words[start..start + n];
            let hit = window.iter().zip(&self.parts).all(|(w, (p, prefix))| {
                if *prefix {
                    w.starts_with(p.as_str())
                } else {
                    w == p
                }
            });
            hit.then(|| window.join(" "))
        })
    }
}

/// Percentages written in `text` ("10%", "10,5 %", "15 por cento", "20 percent").
///
/// ```
/// use llm_messaging::text::percentages;
/// assert_eq!(percentages("até 10% ou 12,5 % ou 30 por cento"), [10.0, 12.5, 30.0]);
/// ```
pub fn percentages(text: &str) -> Vec<f64> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ',' || chars[i] == '.') {
            i += 1;
        }
        let number: String = chars[start..i]
            .iter()
            .map(|c| if *c == ',' { '.' } else { *c })
            .collect();
        let number = number.trim_end_matches('.');
        let rest: String = chars[i..].iter().take(12).collect();
        let rest_words = words(&rest);
        let is_percent = rest.trim_start().starts_with('%')
            || rest_words.first().is_some_and(|w| w == "percent")
            || (rest_words.len() >= 2 && rest_words[0] == "por" && rest_words[1] == "cento");
        if is_percent {
            if let Ok(v) = number.parse::<f64>() {
                out.push(v);
            }
        }
    }
    out
}
