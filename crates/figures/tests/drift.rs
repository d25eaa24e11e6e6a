//! The committed figures, explorer images and snippets are exactly what the code draws now, and no
//! stray file is left in a folder the figures own.

#[test]
fn figures_are_up_to_date() {
    let generated = figures::generate().expect("figures draw");
    if let Err(message) = generated.check_message(&book::repo_root()).expect("figures are readable") {
        panic!("the figures are stale.\n{message}");
    }
}

#[test]
fn drawing_is_deterministic() {
    let first = figures::generate().expect("figures draw");
    let second = figures::generate().expect("figures draw");
    assert_eq!(first.files.len(), second.files.len());
    for (a, b) in first.files.iter().zip(&second.files) {
        assert_eq!(a.path, b.path);
        assert!(a.content == b.content, "{} differs between two runs", a.path.display());
    }
}
