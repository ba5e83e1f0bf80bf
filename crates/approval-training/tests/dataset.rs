//! JSONL data: round trip, every line read, errors naming the line.

use approval_training::Dataset;
use approval_training::SyntheticGenerator;
use approval_training::TrainingError;
use credit_pipeline::mlp::Decision;

#[test]
fn round_trip_is_exact_and_reads_every_line() {
    let data = SyntheticGenerator::new(3).dataset(1000);
    let mut buf = Vec::new();
    data.write_jsonl(&mut buf).unwrap();
    let text = String::from_utf8(buf.clone()).unwrap();
    assert_eq!(text.lines().count(), 1000);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["features"].as_array().unwrap().len(), 10);
    assert!(first["label"].as_u64().unwrap() <= 2);
    let back = Dataset::read_jsonl(buf.as_slice()).unwrap();
    // SPEC §7.7: all 1000 records, not just the last one.
    assert_eq!(back.len(), 1000);
    assert_eq!(back, data);
}

#[test]
fn file_round_trip() {
    let dir = std::env::temp_dir().join(format!("credito-mlp-dataset-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("d.jsonl");
    let data = SyntheticGenerator::new(4).dataset(50);
    data.write_jsonl_file(&path).unwrap();
    assert_eq!(Dataset::read_jsonl_file(&path).unwrap(), data);
    let missing = Dataset::read_jsonl_file(&dir.join("nope.jsonl")).unwrap_err();
    assert!(missing.to_string().contains("nope.jsonl"), "{missing}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reads_hand_written_lines_and_skips_blank_ones() {
    let text = "{\"features\":[0.1,0.2,0.3,0.4,1,1,0.1,0.2,0.3,0.4],\"label\":0}\n\n\
                {\"label\":2,\"features\":[0,0,0,0,0,0,0,0,0,0]}\n";
    let data = Dataset::read_jsonl(text.as_bytes()).unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!(data.samples()[0].label, Decision::Approved);
    assert_eq!(data.samples()[0].features.0[1], 0.2);
    assert_eq!(data.samples()[1].label, Decision::Rejected);
}

fn error_line(text: &str) -> (usize, String) {
    match Dataset::read_jsonl(text.as_bytes()) {
        Err(TrainingError::DataLine { line, message }) => (line, message),
        other => panic!("expected a line error, got {other:?}"),
    }
}

#[test]
fn bad_lines_are_named() {
    let good = "{\"features\":[0,0,0,0,0,0,0,0,0,0],\"label\":1}\n";
    let cases = [
        ("not json", "expected"),
        (
            "{\"features\":[0,0,0],\"label\":1}",
            "expected 10 values, found 3",
        ),
        (
            "{\"features\":[0,0,0,0,0,0,0,0,0,0],\"label\":3}",
            "label: expected 0, 1 or 2, found 3",
        ),
        (
            "{\"features\":[0,0,0,0,0,0,0,0,0,0]}",
            "missing field `label`",
        ),
        (
            "{\"features\":[0,0,0,0,0,0,0,0,0,0],\"label\":1,\"x\":1}",
            "unknown field `x`",
        ),
        (
            "{\"features\":[0,0,0,0,0,0,0,0,0,1e39],\"label\":1}",
            "out of range at column 35",
        ),
        (
            "{\"features\":[0,0,0,0,0,0,0,0,0,0],\"label\":-1}",
            "invalid value",
        ),
    ];
    for (bad, needle) in cases {
        let text = format!("{good}{good}{bad}\n{good}");
        let (line, message) = error_line(&text);
        assert_eq!(line, 3, "{bad}");
        assert!(message.contains(needle), "{bad}: {message}");
        let shown = Dataset::read_jsonl(text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(shown.starts_with("data line 3: "), "{shown}");
    }
}
