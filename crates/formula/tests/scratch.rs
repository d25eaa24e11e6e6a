include!("/tmp/book_body.rs");

#[test]
fn scratch() {
    let table = symbols();
    let chapter = std::env::var("CH").unwrap();
    let id = std::env::var("ID").unwrap();
    let tex = std::env::var("TEX").unwrap();
    for (name, mut formulas) in edition("en") {
        if name != chapter {
            continue;
        }
        for f in formulas.iter_mut() {
            if f.marker.starts_with(&format!("formula: {id}")) {
                f.tex = tex.clone();
            }
        }
        let report = Chapter::new(&table, &name).check(&formulas);
        for f in &report.formulas {
            println!("{} {:?}", f.id, f.outcome);
        }
    }
}

#[test]
fn scratch2() {
    use formula::eval::*;
    use std::collections::BTreeMap;
    let expr = formula::parse_expression(r"q_k").unwrap();
    let point: Point =
        [("q".to_owned(), Value::List(vec![Value::Num(0.3), Value::Num(0.7)])), ("K".to_owned(), Value::Num(2.0))]
            .into();
    let lengths: BTreeMap<String, String> = [("k".to_owned(), "K".to_owned())].into();
    let env = Env {
        point: &point,
        definitions: &[],
        lengths: &lengths,
        zero_times_infinite_is_zero: false,
        dependencies: None,
        rows: None,
    };
    println!("{:?}", Evaluator::<f64>::new(env).eval(&expr));
    let mut ev = Evaluator::<f64>::new(env);
    ev.bind("k", Value::Num(2.0));
    println!("{:?}", ev.eval(&expr));
}

#[test]
fn scratch3() {
    let table = symbols();
    let f = |tex: &str| FormulaSource { marker: "formula: a".into(), tex: tex.into(), line: 1 };
    for tex in [r"q_k = 5", r"q_k = \frac{e^{z_k}}{\sum_{i=1}^{K} e^{z_i}} + 5", r"z_k = 100"] {
        let report = Chapter::new(&table, "ch04-cross-entropy").check(&[f(tex)]);
        println!("{tex}: {:?}", report.formulas[0].outcome);
    }
}

#[test]
fn scratch4() {
    let tex = std::env::var("TEX").unwrap();
    let f = formula::parse(&tex).unwrap();
    for item in &f.items {
        fn show(s: &formula::ast::Statement, src: &str, depth: usize) {
            use formula::ast::StatementKind::*;
            match &s.kind {
                Chain { .. } => println!("{}chain `{}`", " ".repeat(depth), s.span.text(src)),
                Logic { parts, ops } => {
                    println!("{}logic {:?}", " ".repeat(depth), ops);
                    for p in parts {
                        show(p, src, depth + 2);
                    }
                }
                And(parts) => {
                    println!("{}and", " ".repeat(depth));
                    for p in parts {
                        show(p, src, depth + 2);
                    }
                }
                Assign { .. } => println!("assign"),
            }
        }
        show(&item.statement, &tex, 0);
        if let Some(c) = &item.condition {
            println!("  condition `{}`", c.span.text(&tex));
        }
    }
}
