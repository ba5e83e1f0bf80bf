//! Behaviour of atomic writes on a real file system.

use std::fs;
use std::io::Write;
use std::path::Path;

use atomic_file::{ensure_distinct, write_atomic, AtomicFile, AtomicFileError, Overwrite};

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_uncommitted_file_leaves_the_target_and_no_temporary_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    fs::write(&path, "keep\n").unwrap();
    {
        let mut out = AtomicFile::create(&path, Overwrite::Allow).unwrap();
        out.write_all(&vec![b'x'; 1 << 20]).unwrap();
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), "keep\n");
    assert_eq!(names_in(dir.path()), ["out.jsonl"]);
}

#[test]
fn refuse_keeps_an_existing_file_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.safetensors");
    fs::write(&path, "shipped").unwrap();
    let err = AtomicFile::create(&path, Overwrite::Refuse).unwrap_err();
    assert!(matches!(err, AtomicFileError::Exists { .. }), "{err}");
    assert!(err.to_string().contains("model.safetensors"));
    assert!(err.to_string().contains("--force"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "shipped");
    // a new file is fine with Refuse
    let fresh = dir.path().join("new.safetensors");
    let out = AtomicFile::create(&fresh, Overwrite::Refuse).unwrap();
    out.commit().unwrap();
    assert!(fresh.exists());
}

#[cfg(unix)]
#[test]
fn writing_through_a_symlink_updates_the_file_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    fs::write(&real, "old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_atomic(&link, b"new").unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&real).unwrap(), "new");
}

#[cfg(unix)]
#[test]
fn the_same_file_is_recognised_through_links_and_dots() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.jsonl");
    fs::write(&input, "{}\n").unwrap();
    let symlink = dir.path().join("s.jsonl");
    std::os::unix::fs::symlink(&input, &symlink).unwrap();
    let hard = dir.path().join("h.jsonl");
    fs::hard_link(&input, &hard).unwrap();
    let dotted = dir.path().join(".").join("a.jsonl");
    for output in [&input, &symlink, &hard, &dotted] {
        let err = ensure_distinct(output, &[Path::new("-"), &input]).unwrap_err();
        assert!(matches!(err, AtomicFileError::SameAsInput { .. }), "{err}");
    }
    let other = dir.path().join("b.jsonl");
    ensure_distinct(&other, &[&input]).unwrap();
}

#[test]
fn a_missing_folder_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-dir").join("out.json");
    let err = write_atomic(&path, b"{}").unwrap_err();
    assert!(err.to_string().contains("no-such-dir"), "{err}");
}
