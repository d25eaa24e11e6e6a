//! The harness lists exactly the chapter files of both editions, subfolders included.

use book::{Edition, source};
use chapters::HARNESS_CHAPTERS;

#[test]
fn every_chapter_file_is_in_the_harness() {
    let mut missing = Vec::new();
    for edition in Edition::ALL {
        let gaps = chapters::harness_gaps(&source::edition_dir(edition)).expect("src/<edition> is readable");
        missing.extend(gaps.into_iter().map(|gap| format!("src/{edition}: {gap}")));
    }
    assert!(
        missing.is_empty(),
        "the doctest harness (crates/chapters/src/lib.rs) must list exactly the chapter files, or their \
         code is not tested:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_chapter_in_a_subfolder_must_be_in_the_harness_too() {
    // A copy of an edition with one more chapter in a subfolder.
    let dir = std::env::temp_dir().join(format!("book-harness-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("part")).expect("temporary folder");
    for name in HARNESS_CHAPTERS {
        std::fs::write(dir.join(name), "# chapter\n").expect("write");
    }
    assert!(chapters::harness_gaps(&dir).expect("readable").is_empty());
    std::fs::write(dir.join("part/ch10-more.md"), "# more\n").expect("write");
    let gaps = chapters::harness_gaps(&dir).expect("readable");
    std::fs::remove_dir_all(&dir).expect("clean up");
    assert_eq!(gaps, ["part/ch10-more.md is not in HARNESS_CHAPTERS"]);
}
