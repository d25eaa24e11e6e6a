//! Chapter 9 quotes the side-by-side benchmark's recorded results (`crates/losses/benches/peers/
//! results/`): its table is a generated snippet (checked by `drift.rs`), and the numbers its prose
//! and figure 9-2's alt text state are checked here against the same files, so that a new run
//! cannot leave the text behind.

use book::Edition;
use figures::runs;

/// The prose of chapter 9's section on speed (its heading to the next `## `), without code blocks.
fn section(lang: Edition) -> String {
    let path = book::repo_root().join("src").join(lang.code()).join("ch09-numerical-stability.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let heading = match lang {
        Edition::Ko => "## 정확도를 잃지 않고 빠르게\n",
        Edition::En => "## Fast without losing accuracy\n",
    };
    let start = text.find(heading).unwrap_or_else(|| panic!("{}: no section {heading:?}", path.display()));
    let rest = &text[start + heading.len()..];
    let section = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    let mut prose = String::new();
    let mut in_code = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    prose
}

const WORKLOADS: [&str; 5] = ["focal", "focal_grad", "bce", "softmax", "softmax_grad"];
const TYPES: [&str; 2] = ["f32", "f64"];

#[test]
fn the_prose_quotes_the_recorded_runs() {
    let (one, two) = runs().expect("the results files parse");
    let ratio = |w: &str, t: &str, v: &str| format!("{:.2}", one.ratio(w, t, v).expect("a ratio"));
    let before: Vec<f64> =
        WORKLOADS.iter().flat_map(|w| TYPES.map(|t| one.ratio(w, t, "before-default").expect("a ratio"))).collect();
    let (lo, hi) = before.iter().fold((f64::INFINITY, 0.0_f64), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    let worst = |w: &str, t: &str, side: &str| {
        let loss = one.worst_ulps(w, t, side, "loss").expect("a loss error");
        let grad = one.worst_ulps(w, t, side, "gradient").expect("a gradient error");
        loss.max(grad)
    };
    let thousands = |v: f64| {
        let n = v.round() as u64;
        if n >= 1000 { format!("{},{:03}", n / 1000, n % 1000) } else { n.to_string() }
    };
    let (load_before, load_after) = one.load();
    let (load_before_two, load_after_two) = two.load();
    let quoted = [
        format!("{lo:.1}–{hi:.1}"),
        ratio("focal_grad", "f32", "default"),
        ratio("focal_grad", "f64", "default"),
        ratio("focal", "f32", "default"),
        ratio("focal", "f64", "default"),
        ratio("softmax", "f32", "default"),
        ratio("softmax", "f64", "default"),
        ratio("softmax_grad", "f32", "default"),
        ratio("softmax_grad", "f64", "default"),
        ratio("bce", "f32", "default"),
        ratio("bce", "f64", "default"),
        format!("{:.2} ulp", one.worst_ulps("bce", "f64", "crate default", "loss").expect("an error")),
        format!("{:.2} ulp", one.worst_ulps("bce", "f64", "jax", "loss").expect("an error")),
        format!("{:.2} ulp", worst("focal", "f32", "crate default")),
        format!("{:.2} ulp", worst("focal", "f64", "crate default")),
        format!("{} ulp", thousands(worst("focal", "f32", "jax"))),
        format!("{} ulp", thousands(worst("focal", "f64", "jax"))),
        format!("{:.2}", two.ratio("focal_grad", "f32", "default").expect("a ratio")),
        format!("{:.2}", two.ratio("focal_grad", "f64", "default").expect("a ratio")),
        format!("{:.2}", two.ratio("softmax", "f32", "default").expect("a ratio")),
        format!("{:.2}", two.ratio("softmax", "f64", "default").expect("a ratio")),
        format!("{:.2}", two.ratio("bce", "f32", "default").expect("a ratio")),
        format!("{:.2}", two.ratio("bce", "f64", "default").expect("a ratio")),
        format!("{:.2} ns", two.min_time("focal", "f32", "default").expect("a time")),
        format!("{:.2} ns", two.min_time("focal", "f32", "jax").expect("a time")),
        format!("--rounds {}", one.rounds()),
        one.date().to_string(),
        format!("{load_before:.1}"),
        format!("{load_after:.1}"),
        format!("{load_before_two:.1}"),
        format!("{load_after_two:.1}"),
    ];
    for lang in Edition::ALL {
        let text = section(lang);
        let missing: Vec<&str> = quoted.iter().map(String::as_str).filter(|number| !text.contains(number)).collect();
        assert!(
            missing.is_empty(),
            "src/{}/ch09-numerical-stability.md does not quote {missing:?} from the recorded runs: update the \
             section \"measurements\" after a new `cargo xtask bench-peers` (the runs give, in this order: \
             before range, focal+grad f32/f64, focal f32/f64, softmax f32/f64, softmax+grad f32/f64, BCE f32/f64 \
             (crate ÷ JAX), BCE f64 ulp crate/JAX, focal worst ulp crate f32/f64, JAX f32/f64, 2-core focal+grad \
             f32/f64, 2-core softmax f32/f64, 2-core BCE f32/f64, fastest 2-core focal f32 crate/JAX, \
             rounds, date, loads one core before/after, two cores before/after: {quoted:?})",
            lang.code()
        );
    }
}

/// The prose's claims about one core (default build): where the gradient is computed too, faster
/// than JAX; of the losses alone, the focal loss faster, the f64 BCE level (within 5 %), the f32
/// BCE and the softmax cross-entropy slower, in both types.
#[test]
fn on_one_core_the_gradients_and_the_focal_loss_are_ahead_of_jax_bce_level_or_behind_softmax_behind() {
    let (one, _) = runs().expect("the results files parse");
    let ratio = |w: &str, t: &str| one.ratio(w, t, "default").expect("a ratio");
    for w in ["focal_grad", "softmax_grad", "focal"] {
        for t in TYPES {
            let r = ratio(w, t);
            assert!(r < 1.0, "{w} {t}: crate ÷ JAX = {r:.4} ≥ 1, but chapter 9 says faster than JAX");
        }
    }
    let r = ratio("bce", "f64");
    assert!((r - 1.0).abs() < 0.05, "bce f64: crate ÷ JAX = {r:.4}, but chapter 9 says the two are level");
    for (w, t) in [("bce", "f32"), ("softmax", "f32"), ("softmax", "f64")] {
        let r = ratio(w, t);
        assert!(r > 1.0, "{w} {t}: crate ÷ JAX = {r:.4} ≤ 1, but chapter 9 says it still takes longer than JAX");
    }
}

/// The prose's claims about two cores (default build): the focal loss with its gradient and the f32
/// softmax cross-entropy faster than JAX ("… was faster than JAX too").
#[test]
fn on_two_cores_the_focal_gradient_and_the_f32_softmax_are_ahead_of_jax() {
    let (_, two) = runs().expect("the results files parse");
    for (w, t) in [("focal_grad", "f32"), ("focal_grad", "f64"), ("softmax", "f32")] {
        let r = two.ratio(w, t, "default").expect("a ratio");
        assert!(r < 1.0, "{w} {t}: crate ÷ JAX = {r:.4} ≥ 1 on two cores, but chapter 9 says faster than JAX");
    }
}

/// Figure 9-2's alt text says where the grey rings (before) and the discs (now) lie: "between 3
/// and 45" and "between 0.2 and 2" (read from the catalog, in both editions), in both panels.
#[test]
fn the_alt_text_of_figure_9_2_holds() {
    let figure = figures::all().into_iter().find(|f| f.name == "speed-against-jax").expect("figure 9-2");
    let alt = figure.alt(Edition::En);
    let ranges: Vec<(f64, f64)> = alt
        .split("between ")
        .skip(1)
        .map(|rest| {
            // "3 and 45, the blue…", "0.2 and 2.": the words, without a trailing comma or full stop.
            let mut words = rest.split(' ').map(|w| w.trim_end_matches([',', '.']));
            let lo = words.next().and_then(|w| w.parse().ok());
            let and = words.next();
            let hi = words.next().and_then(|w| w.parse().ok());
            match (lo, and, hi) {
                (Some(lo), Some("and"), Some(hi)) => (lo, hi),
                _ => panic!("figure 9-2's alt text: cannot read a range in \"between {rest}\""),
            }
        })
        .collect();
    let [before, now] = ranges[..] else { panic!("figure 9-2's alt text names {} ranges, not 2: {alt}", ranges.len()) };
    let ko = figure.alt(Edition::Ko);
    for value in [before.0, before.1, now.0, now.1] {
        assert!(ko.contains(&format!("{value}")), "the Korean alt text of figure 9-2 lacks {value}: {ko}");
    }
    let (one, two) = runs().expect("the results files parse");
    for run in [&one, &two] {
        for w in WORKLOADS {
            for t in TYPES {
                let r = run.ratio(w, t, "before-default").expect("a ratio");
                assert!((before.0..=before.1).contains(&r), "{w} {t} before: {r} outside {before:?} (alt text)");
                for variant in ["default", "native"] {
                    let r = run.ratio(w, t, variant).expect("a ratio");
                    assert!((now.0..=now.1).contains(&r), "{w} {t} {variant}: {r} outside {now:?} (alt text)");
                }
            }
        }
    }
}
