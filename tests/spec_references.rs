//! Every "SPEC §x" cited in the workspace's code resolves to a section of
//! `docs/spec.md`, so a reader can always follow the reference.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn section_numbers(spec: &str) -> BTreeSet<String> {
    spec.lines()
        .filter_map(|line| {
            let rest = line.trim_start_matches('#');
            if rest.len() == line.len() || !rest.starts_with(' ') {
                return None;
            }
            let number = rest.trim_start().split(' ').next()?;
            number
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
                .then(|| number.to_string())
        })
        .collect()
}

/// Numbers after each "SPEC §" or "SPEC " in `text`, e.g. "3.2" from "SPEC §3.2,".
fn cited(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("SPEC ") {
        let rest = text[at + 5..].trim_start_matches('§');
        let number: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let number = number.trim_end_matches('.');
        if !number.is_empty() {
            out.push(number.to_string());
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() && name != "target" && name != ".git" {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn every_spec_reference_resolves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = fs::read_to_string(root.join("docs/spec.md")).expect("docs/spec.md exists");
    let sections = section_numbers(&spec);
    assert!(
        sections.contains("3.2") && sections.contains("7.12"),
        "{sections:?}"
    );

    let mut files = Vec::new();
    for dir in ["crates", "src", "examples", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut citations = 0;
    let mut dangling = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap_or_default();
        for (line_no, line) in text.lines().enumerate() {
            for number in cited(line) {
                citations += 1;
                if !sections.contains(&number) {
                    dangling.push(format!(
                        "{}:{}: SPEC §{number}",
                        file.display(),
                        line_no + 1
                    ));
                }
            }
        }
    }
    assert!(
        citations > 50,
        "only {citations} citations found: is the scan broken?"
    );
    assert!(
        dangling.is_empty(),
        "unresolved references:\n{}",
        dangling.join("\n")
    );
}

#[test]
fn the_citation_scanner_reads_the_forms_the_code_uses() {
    assert_eq!(cited("(SPEC §3.2 factors), SPEC 4.1."), ["3.2", "4.1"]);
    assert!(cited("SPECIFIC").is_empty());
}
