//! Rules written as text, the form [`RuleSpec::text`] prints:
//! `IF credit_score IS high AND debt_ratio IS low THEN risk IS low`.
//!
//! Grammar (keywords in any case, names of letters, digits and `_`):
//!
//! ```text
//! rule      := IF condition THEN name IS name
//! condition := operand ((AND | OR) operand)*     -- one operator per level
//! operand   := name IS name | "(" condition ")"
//! ```
//!
//! Mixing `AND` and `OR` at one level is an error: parentheses say which binds
//! first, so a rule never depends on a precedence the reader has to remember.

use crate::{Condition, MamdaniError, RuleSpec};

#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    Open,
    Close,
    Word(&'a str),
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, ch) in text.char_indices() {
        let boundary = ch.is_whitespace() || ch == '(' || ch == ')';
        if boundary {
            if let Some(s) = start.take() {
                out.push(Token::Word(&text[s..i]));
            }
            match ch {
                '(' => out.push(Token::Open),
                ')' => out.push(Token::Close),
                _ => {}
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(Token::Word(&text[s..]));
    }
    out
}

fn is_keyword(token: &Token<'_>, keyword: &str) -> bool {
    matches!(token, Token::Word(w) if w.eq_ignore_ascii_case(keyword))
}

struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    at: usize,
    text: &'a str,
}

impl<'a> Parser<'a> {
    fn error(&self, message: impl Into<String>) -> MamdaniError {
        MamdaniError::RuleSyntax {
            text: self.text.to_string(),
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<&Token<'a>> {
        self.tokens.get(self.at)
    }

    fn keyword(&mut self, keyword: &str) -> Result<(), MamdaniError> {
        match self.peek() {
            Some(t) if is_keyword(t, keyword) => {
                self.at += 1;
                Ok(())
            }
            Some(Token::Word(w)) => Err(self.error(format!("expected {keyword}, found `{w}`"))),
            Some(Token::Open) => Err(self.error(format!("expected {keyword}, found `(`"))),
            Some(Token::Close) => Err(self.error(format!("expected {keyword}, found `)`"))),
            None => Err(self.error(format!("expected {keyword} at the end"))),
        }
    }

    fn name(&mut self, what: &str) -> Result<&'a str, MamdaniError> {
        match self.peek() {
            Some(Token::Word(w))
                if !["IF", "THEN", "IS", "AND", "OR"]
                    .iter()
                    .any(|k| w.eq_ignore_ascii_case(k)) =>
            {
                let w = *w;
                if !w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(self.error(format!(
                        "{what} `{w}` may only hold letters, digits and `_`"
                    )));
                }
                self.at += 1;
                Ok(w)
            }
            Some(Token::Word(w)) => Err(self.error(format!("expected a {what}, found `{w}`"))),
            Some(_) => Err(self.error(format!("expected a {what}, found a parenthesis"))),
            None => Err(self.error(format!("expected a {what} at the end"))),
        }
    }

    fn operand(&mut self) -> Result<Condition, MamdaniError> {
        if self.peek() == Some(&Token::Open) {
            self.at += 1;
            let inner = self.condition()?;
            if self.peek() != Some(&Token::Close) {
                return Err(self.error("missing `)`"));
            }
            self.at += 1;
            return Ok(inner);
        }
        let variable = self.name("variable")?;
        self.keyword("IS")?;
        let term = self.name("term")?;
        Ok(Condition::is(variable, term))
    }

    fn condition(&mut self) -> Result<Condition, MamdaniError> {
        let mut parts = vec![self.operand()?];
        let mut op: Option<&'static str> = None;
        loop {
            let next = match self.peek() {
                Some(t) if is_keyword(t, "AND") => "AND",
                Some(t) if is_keyword(t, "OR") => "OR",
                _ => break,
            };
            if op.is_some_and(|o| o != next) {
                return Err(self.error("AND and OR mixed at one level: add parentheses"));
            }
            op = Some(next);
            self.at += 1;
            parts.push(self.operand()?);
        }
        Ok(match op {
            None => parts.remove(0),
            Some("AND") => Condition::All(parts),
            Some(_) => Condition::Any(parts),
        })
    }
}

impl RuleSpec {
    /// Parse a rule from text, checking that it concludes on the variable
    /// `output`. The inverse of [`RuleSpec::text`].
    ///
    /// ```
    /// use mamdani::{Condition, RuleSpec};
    ///
    /// let text = "IF credit_score IS low AND (debt_ratio IS high OR inquiries IS many) THEN risk IS high";
    /// let rule = RuleSpec::parse(text, "risk")?;
    /// assert_eq!(rule.then, "high");
    /// assert_eq!(rule.text("risk"), text);
    /// assert!(RuleSpec::parse("IF a IS x AND b IS y OR c IS z THEN risk IS low", "risk").is_err());
    /// # Ok::<(), mamdani::MamdaniError>(())
    /// ```
    pub fn parse(text: &str, output: &str) -> Result<RuleSpec, MamdaniError> {
        let mut p = Parser {
            tokens: tokens(text),
            at: 0,
            text,
        };
        p.keyword("IF")?;
        let when = p.condition()?;
        p.keyword("THEN")?;
        let variable = p.name("output variable")?;
        if variable != output {
            return Err(p.error(format!(
                "the rule concludes on `{variable}`, the output variable is `{output}`"
            )));
        }
        p.keyword("IS")?;
        let then = p.name("output term")?;
        if let Some(extra) = p.peek() {
            let shown = match extra {
                Token::Word(w) => (*w).to_string(),
                Token::Open => "(".into(),
                Token::Close => ")".into(),
            };
            return Err(p.error(format!("unexpected `{shown}` after the conclusion")));
        }
        Ok(RuleSpec::new(when, then))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_nested_conditions() {
        for text in [
            "IF a IS x THEN out IS y",
            "IF a IS x AND b IS y AND c IS z THEN out IS y",
            "IF (a IS x OR b IS y) AND c IS z THEN out IS y",
            "IF a IS x OR (b IS y AND (c IS z OR d IS w)) THEN out IS q",
        ] {
            let rule = RuleSpec::parse(text, "out").unwrap();
            assert_eq!(rule.text("out"), text);
        }
    }

    #[test]
    fn keywords_in_any_case() {
        let rule = RuleSpec::parse("if a is x and b is y then out is z", "out").unwrap();
        assert_eq!(rule.text("out"), "IF a IS x AND b IS y THEN out IS z");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let cases = [
            ("a IS x THEN out IS y", "expected IF"),
            ("IF a IS x THEN out IS", "output term at the end"),
            ("IF (a IS x THEN out IS y", "missing `)`"),
            ("IF a IS x AND b IS y OR c IS z THEN out IS y", "mixed"),
            ("IF a IS x THEN risk IS y", "concludes on `risk`"),
            ("IF a IS x THEN out IS y extra", "unexpected `extra`"),
            ("IF a-b IS x THEN out IS y", "letters, digits"),
            ("IF a IS x AND THEN out IS y", "expected a variable"),
        ];
        for (text, expected) in cases {
            let err = RuleSpec::parse(text, "out").unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
            assert!(err.contains(text), "{err}");
        }
    }
}
