//! Each chapter's exercise section (`src/<edition>/chNN-….md`, between the exercise markers) is
//! exactly what `exercises::section` makes from this crate now: the task texts of the stubs' doc
//! comments, the stubs and the solutions as written.

#[test]
fn chapter_sections_match_the_exercises() {
    let root = book::repo_root();
    let generated = exercises::section::generate(&root).unwrap_or_else(|error| panic!("{error}"));
    if let Err(message) = generated.check_message(&root).expect("chapter files are readable") {
        panic!("the chapters' exercise sections are generated from crates/exercises.\n{message}");
    }
}
