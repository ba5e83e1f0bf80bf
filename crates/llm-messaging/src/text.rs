//! Text folding for the guard, so that rules match what a reader sees, however it is written.
//!
//! [`normalize`] runs, in this order:
//!
//! 1. Unicode NFKD: compatibility forms become their plain letters (full-width `ｐｏｌíｃｉａ`,
//!    ligatures, superscripts, circled letters) and accents split off;
//! 2. zero-width and other invisible format characters are dropped (U+200B–U+200F,
//!    U+2060–U+2064, U+FEFF, the soft hyphen) and so are combining marks (the accents);
//! 3. lower case;
//! 4. leetspeak inside words that hold letters: `0→o 1→i 3→e 4→a 5→s 7→t @→a $→s`
//!    (`p0l1c1a`, `$erasa`; plain numbers such as `200` or `10%` are left alone).
//!
//! [`words`] then splits on anything that is not a letter or a digit and joins runs of three
//! or more single letters (`p o l i c i a`, `s.e.r.a.s.a`, `p-r-o-t-e-s-t-o`).

use std::borrow::Cow;

/// Whether `c` is invisible formatting that only hides what a word says.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Whether `c` is a combining mark (an accent split off by NFKD).
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// The letter a leetspeak character stands for.
fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        _ => return None,
    })
}

/// Normalise `text` for matching (see the [module docs](self)).
///
/// ```
/// use llm_messaging::text::normalize;
/// assert_eq!(normalize("ＰＯＬÍＣＩＡ"), "policia");
/// assert_eq!(normalize("p\u{200B}o\u{200B}l\u{200B}icia"), "policia");
/// assert_eq!(normalize("Vamos ao $PC e à p0l1c1a"), "vamos ao spc e a policia");
/// // Numbers stay numbers; `R$` is a word with a letter, so it reads `rs`.
/// assert_eq!(normalize("R$ 200 ou 10%"), "rs 200 ou 10%");
/// ```
pub fn normalize(text: &str) -> String {
    let decomposed: Cow<'_, str> = if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        icu_normalizer::DecomposingNormalizerBorrowed::new_nfkd().normalize(text)
    };
    let chars: Vec<char> = decomposed
        .chars()
        .filter(|c| !is_invisible(*c) && !is_combining(*c))
        .flat_map(char::to_lowercase)
        .collect();
    // Leetspeak only inside a token that also holds a letter.
    let mut out = String::with_capacity(chars.len());
    let mut start = 0;
    while start < chars.len() {
        if chars[start].is_whitespace() {
            out.push(chars[start]);
            start += 1;
            continue;
        }
        let end = (start..chars.len())
            .find(|&i| chars[i].is_whitespace())
            .unwrap_or(chars.len());
        let token = &chars[start..end];
        let has_letter = token.iter().any(|c| c.is_alphabetic());
        for &c in token {
            match leet(c) {
                Some(letter) if has_letter => out.push(letter),
                _ => out.push(c),
            }
        }
        start = end;
    }
    out
}

/// Split `text` into normalised words ([`normalize`]), joining runs of three or more single
/// letters into one word.
///
/// ```
/// use llm_messaging::text::words;
/// assert_eq!(words("Chamaremos a POLÍCIA, ok?"), ["chamaremos", "a", "policia", "ok"]);
/// assert_eq!(words("seu nome no s.e.r.a.s.a hoje"), ["seu", "nome", "no", "serasa", "hoje"]);
/// assert_eq!(words("a p o l i c i a"), ["a", "policia"]);
/// ```
pub fn words(text: &str) -> Vec<String> {
    let normal = normalize(text);
    let mut raw = Vec::new();
    let mut current = String::new();
    for c in normal.chars() {
        if c.is_alphanumeric() {
            current.push(c);
        } else if !current.is_empty() {
            raw.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        raw.push(current);
    }
    let single = |w: &String| w.chars().count() == 1 && w.chars().all(char::is_alphabetic);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let mut run = raw[i..].iter().take_while(|w| single(w)).count();
        // "a p o l i c i a": the article before a spaced word stays a word.
        if run >= 4 && matches!(raw[i].as_str(), "a" | "o" | "e") {
            out.push(std::mem::take(&mut raw[i]));
            i += 1;
            run -= 1;
        }
        if run >= 3 {
            out.push(raw[i..i + run].concat());
            i += run;
        } else {
            out.push(std::mem::take(&mut raw[i]));
            i += 1;
        }
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
            // A lone `*` is ("", prefix): it matches any one word.
            .filter(|(w, prefix)| !w.is_empty() || *prefix)
            .collect();
        Phrase { label, parts }
    }

    /// The first place the phrase occurs in `text_words`, as the matched original words.
    pub fn find(&self, text_words: &[String]) -> Option<String> {
        (0..text_words.len()).find_map(|start| self.at(text_words, start))
    }

    /// The matched words when the phrase occurs at `start`.
    fn at(&self, text_words: &[String], start: usize) -> Option<String> {
        let n = self.parts.len();
        if n == 0 || start + n > text_words.len() {
            return None;
        }
        let window = &text_words[start..start + n];
        let hit = window.iter().zip(&self.parts).all(|(w, (p, prefix))| {
            if *prefix {
                w.starts_with(p.as_str())
            } else {
                w == p
            }
        });
        hit.then(|| window.join(" "))
    }
}

/// FNV-1a: the phrase index hashes a few short words per message, where SipHash's setup
/// dominates; the keys are the guard's own patterns, not attacker-chosen.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<V> = std::collections::HashMap<String, V, std::hash::BuildHasherDefault<Fnv>>;

/// Many phrases in groups (one per guard rule), indexed by their first word so a text is read
/// once: each word is looked up among the phrases that can start there (exact first words by
/// hash, prefix first words by their first byte), instead of every phrase scanning the text.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    phrases: Vec<(Phrase, usize)>,
    groups: usize,
    by_first: FnvMap<Vec<usize>>,
    /// Phrases whose first word is a prefix pattern, by the prefix's first ASCII byte (index
    /// 128: a lone `*` or a non-ASCII start, always tried).
    by_prefix: Vec<Vec<(String, usize)>>,
}

/// The [`PhraseSet::by_prefix`] bucket of a word or prefix.
fn bucket(word: &str) -> usize {
    match word.bytes().next() {
        Some(b) if b.is_ascii() => usize::from(b),
        _ => 128,
    }
}

impl PhraseSet {
    /// Compile one group of patterns (see [`Phrase::new`]).
    pub fn new(labels: &[&'static str]) -> Self {
        Self::grouped(&[labels])
    }

    /// Compile several groups of patterns; [`find_groups`](Self::find_groups) reports the
    /// hits of each group apart.
    pub fn grouped(groups: &[&[&'static str]]) -> Self {
        let phrases: Vec<(Phrase, usize)> = groups
            .iter()
            .enumerate()
            .flat_map(|(g, labels)| labels.iter().map(move |l| (Phrase::new(l), g)))
            .collect();
        let mut by_first: FnvMap<Vec<usize>> = Default::default();
        let mut by_prefix: Vec<Vec<(String, usize)>> = vec![Vec::new(); 129];
        for (i, (p, _)) in phrases.iter().enumerate() {
            match p.parts.first() {
                Some((w, false)) => by_first.entry(w.clone()).or_default().push(i),
                Some((w, true)) => by_prefix[bucket(w)].push((w.clone(), i)),
                None => {}
            }
        }
        Self {
            phrases,
            groups: groups.len(),
            by_first,
            by_prefix,
        }
    }

    /// For each group, every occurrence of its phrases in `text_words`, as the matched words,
    /// in text order, each text once.
    pub fn find_groups(&self, text_words: &[String]) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = vec![Vec::new(); self.groups];
        for (start, word) in text_words.iter().enumerate() {
            let exact = self
                .by_first
                .get(word.as_str())
                .into_iter()
                .flatten()
                .copied();
            let own = bucket(word);
            let buckets = [Some(own), (own != 128).then_some(128)];
            let prefixed = buckets
                .into_iter()
                .flatten()
                .flat_map(|b| self.by_prefix[b].iter())
                .filter(|(p, _)| word.starts_with(p.as_str()))
                .map(|(_, i)| *i);
            for i in exact.chain(prefixed) {
                let (phrase, group) = &self.phrases[i];
                if let Some(hit) = phrase.at(text_words, start) {
                    if !out[*group].contains(&hit) {
                        out[*group].push(hit);
                    }
                }
            }
        }
        out
    }

    /// Every occurrence of any phrase, in text order, each text once.
    pub fn find_all(&self, text_words: &[String]) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for hit in self.find_groups(text_words).into_iter().flatten() {
            if !all.contains(&hit) {
                all.push(hit);
            }
        }
        all
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
