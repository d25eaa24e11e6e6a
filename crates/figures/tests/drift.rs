//! The committed figures, explorer images and snippets are exactly what the code draws now.

#[test]
fn figures_are_up_to_date() {
    if let Err(problems) = figures::check_all(&figures::repo_root()) {
        panic!("figures are stale: run `cargo xtask figures`\n{}", problems.join("\n"));
    }
}

#[test]
fn drawing_is_deterministic() {
    let first = figures::generate().expect("figures draw");
    let second = figures::generate().expect("figures draw");
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.path, b.path);
        assert!(a.content == b.content, "{} differs between two runs", a.path.display());
    }
}
