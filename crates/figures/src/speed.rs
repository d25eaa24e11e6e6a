//! Chapter 9: how fast the crate is against JAX, from the side-by-side benchmark's recorded
//! results (`crates/losses/benches/peers/results/`, written by `bench_peers.py`).
//!
//! The figure draws what the benchmark measured, nothing computed here but the per-round ratio
//! crate / JAX (the benchmark's own definition: both timed in the same round) and its median over
//! the rounds. The recorded files are compiled in, so the figure (and the notebooks, which draw it
//! again) need no file at run time.

use serde_json::Value;

use crate::plot::{self, Axis, BLUE, GREY, INK, Line, Marker, ORANGE, Panel, Swatch};
use crate::{Edition, Error, Text};

/// The one-core run (the crate's threads and XLA's limited to one).
pub const ONE_CORE: &str = include_str!("../../losses/benches/peers/results/one-core.json");
/// The run on both cores (the crate's rayon threads, XLA's own thread pool).
pub const TWO_CORES: &str = include_str!("../../losses/benches/peers/results/two-cores.json");

/// Size of the figure, in logical pixels.
const SIZE: (u32, u32) = (760, 520);

/// The workloads, in the benchmark's order, and their row labels.
const WORKLOADS: [(&str, Text); 5] = [
    ("focal", Text { ko: "초점 손실", en: "focal loss" }),
    ("focal_grad", Text { ko: "초점 손실 + 기울기", en: "focal + gradient" }),
    ("bce", Text { ko: "BCE", en: "BCE" }),
    ("softmax", Text { ko: "소프트맥스 CE", en: "softmax CE" }),
    ("softmax_grad", Text { ko: "소프트맥스 CE + 기울기", en: "softmax CE + gradient" }),
];
const TYPES: [&str; 2] = ["f32", "f64"];

/// One benchmark run, read from its results file.
pub struct Run {
    json: Value,
}

impl Run {
    /// Reads a results file of `bench_peers.py`.
    ///
    /// # Errors
    /// [`Error::Benchmark`] if it is not one.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let json: Value = serde_json::from_str(text).map_err(|e| Error::Benchmark(e.to_string()))?;
        if !json["times"].is_array() {
            return Err(Error::Benchmark("no `times` in the results file".into()));
        }
        Ok(Self { json })
    }

    /// The per-round times of `variant` for (workload, type), in ns per element.
    fn times(&self, workload: &str, ty: &str, variant: &str) -> Option<Vec<f64>> {
        let entry =
            self.json["times"].as_array()?.iter().find(|entry| entry["workload"] == workload && entry["type"] == ty)?;
        entry[variant].as_array()?.iter().map(Value::as_f64).collect()
    }

    /// The median over the rounds of the per-round ratio `variant` / JAX, as the benchmark's table
    /// computes it.
    pub fn ratio(&self, workload: &str, ty: &str, variant: &str) -> Option<f64> {
        let crate_times = self.times(workload, ty, variant)?;
        let jax = self.times(workload, ty, "jax")?;
        let mut ratios: Vec<f64> = crate_times.iter().zip(&jax).map(|(c, j)| c / j).collect();
        median(&mut ratios)
    }

    /// The per-round ratios `variant` / JAX: (median, min, max).
    pub fn ratio_range(&self, workload: &str, ty: &str, variant: &str) -> Option<(f64, f64, f64)> {
        let crate_times = self.times(workload, ty, variant)?;
        let jax = self.times(workload, ty, "jax")?;
        let mut ratios: Vec<f64> = crate_times.iter().zip(&jax).map(|(c, j)| c / j).collect();
        let (min, max) = ratios.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &r| (lo.min(r), hi.max(r)));
        Some((median(&mut ratios)?, min, max))
    }

    /// The fastest round of `variant`, ns per element.
    pub fn min_time(&self, workload: &str, ty: &str, variant: &str) -> Option<f64> {
        self.times(workload, ty, variant)?.into_iter().reduce(f64::min)
    }

    /// The largest error in ulps against mpmath that the run measured for `side` (`"crate default"`,
    /// `"jax"`…) on `workload` (`"focal"`, `"bce"`, `"softmax"`) and type, of `quantity`
    /// (`"loss"` or `"gradient"`).
    pub fn worst_ulps(&self, workload: &str, ty: &str, side: &str, quantity: &str) -> Option<f64> {
        self.json["accuracy"][format!("{workload} {ty}")][side][quantity]["max"].as_f64()
    }

    /// The median time of `variant`, ns per element.
    pub fn median_time(&self, workload: &str, ty: &str, variant: &str) -> Option<f64> {
        median(&mut self.times(workload, ty, variant)?)
    }

    /// The day the run started (`YYYY-MM-DD`).
    pub fn date(&self) -> &str {
        self.json["started"].as_str().map_or("?", |s| s.get(..10).unwrap_or(s))
    }

    /// The one-minute load average before and after the run.
    pub fn load(&self) -> (f64, f64) {
        let first = |key: &str| self.json[key][0].as_f64().unwrap_or(f64::NAN);
        (first("load before"), first("load after"))
    }

    /// How many rounds.
    pub fn rounds(&self) -> u64 {
        self.json["rounds"].as_u64().unwrap_or(0)
    }
}

/// The runs the book quotes: (one core, two cores).
///
/// # Errors
/// [`Error::Benchmark`] if a results file cannot be read.
pub fn runs() -> Result<(Run, Run), Error> {
    Ok((Run::parse(ONE_CORE)?, Run::parse(TWO_CORES)?))
}

/// The one-core run's table for chapter 9 (the snippet `speed-table.<edition>.md`): per workload
/// and type the median ns per element of the crate before and now (default and native builds) and
/// of JAX, and the ratios to JAX, median [min–max] over the rounds.
///
/// # Errors
/// [`Error::Benchmark`] if the results file lacks a value.
pub fn table(lang: Edition) -> Result<String, Error> {
    let (run, _) = runs()?;
    let header = Text {
        ko: "| 작업 | 형식 | 이전, 기본 빌드 | 지금, 기본 빌드 | 지금, native 빌드 | JAX | 이전 ÷ JAX | 지금(기본) ÷ JAX | 지금(native) ÷ JAX |",
        en: "| workload | type | before, default build | now, default build | now, native build | JAX | before ÷ JAX | now (default) ÷ JAX | now (native) ÷ JAX |",
    };
    let names = [
        Text { ko: "초점 손실 (γ = 2, α = 0.25)", en: "focal loss (γ = 2, α = 0.25)" },
        Text { ko: "초점 손실 + 기울기", en: "focal loss + gradient" },
        Text { ko: "BCE", en: "BCE" },
        Text { ko: "소프트맥스 CE (클래스 10개)", en: "softmax CE (10 classes)" },
        Text { ko: "소프트맥스 CE + 기울기", en: "softmax CE + gradient" },
    ];
    let missing = |what: &str| Error::Benchmark(format!("no {what} in the results file"));
    let mut text = format!(
        "{}
|---|---|---:|---:|---:|---:|---:|---:|---:|
",
        header.get(lang)
    );
    for ((workload, _), name) in WORKLOADS.iter().zip(names) {
        for ty in TYPES {
            let mut cells = vec![name.get(lang).to_string(), ty.to_string()];
            for variant in ["before-default", "default", "native", "jax"] {
                let time = run.median_time(workload, ty, variant).ok_or_else(|| missing(variant))?;
                cells.push(format!("{time:.2}"));
            }
            for variant in ["before-default", "default", "native"] {
                let (median, min, max) = run.ratio_range(workload, ty, variant).ok_or_else(|| missing(variant))?;
                cells.push(format!("{median:.2} [{min:.2}–{max:.2}]"));
            }
            text.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    Ok(text)
}

/// The median (the mean of the middle two for an even count).
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { 0.5 * (values[n / 2 - 1] + values[n / 2]) })
}

/// The crate's time over JAX's for every workload and type, one core and both cores: before this
/// chapter's kernels (the default build), after them (default and native builds). Left of the
/// dashed line at 1 the crate is faster.
///
/// # Errors
/// [`Error`] if a results file cannot be read or drawing fails.
pub fn speed_against_jax(lang: Edition) -> Result<String, Error> {
    let (one, two) = runs()?;
    let runs = [one, two];
    let title = Text {
        ko: "손실 계산 시간: losses ÷ JAX (중앙값, 1보다 작으면 losses가 빠름)",
        en: "Time of a loss: losses ÷ JAX (medians; below 1 losses is faster)",
    }
    .get(lang);
    let series = [
        ("before-default", GREY, Marker::Ring, Text { ko: "이전 (기본 빌드)", en: "before (default build)" }),
        ("default", BLUE, Marker::Disc, Text { ko: "지금 (기본 빌드)", en: "now (default build)" }),
        ("native", ORANGE, Marker::Disc, Text { ko: "지금 (native 빌드)", en: "now (native build)" }),
    ];
    plot::render(SIZE.0, SIZE.1, title, |root| {
        let entries: Vec<(Swatch, String)> = series
            .iter()
            .map(|&(_, color, marker, name)| (Swatch::Marker(marker, color), name.get(lang).to_string()))
            .collect();
        let body = plot::header(root, title, &entries, 3)?;
        let halves = body.split_evenly((1, 2));
        let panel_titles = [
            Text { ko: "코어 1개", en: "one core" },
            Text { ko: "코어 2개 (양쪽 모두 스레드 사용)", en: "two cores (both sides threaded)" },
        ];
        let rows = WORKLOADS.len() * TYPES.len();
        for (side, ((area, run), panel_title)) in halves.iter().zip(&runs).zip(panel_titles).enumerate() {
            let labels: Vec<String> = WORKLOADS
                .iter()
                .flat_map(|(_, name)| TYPES.iter().map(move |ty| format!("{} {ty}", name.get(lang))))
                .collect();
            let label_of = move |t: f64| {
                let row = rows as f64 - 1.0 - t;
                if side == 0 && row >= 0.0 && row.fract() == 0.0 { labels[row as usize].clone() } else { String::new() }
            };
            let panel = Panel {
                title: format!("{} · {}", panel_title.get(lang), run.date()),
                x: Axis::log(Text { ko: "losses ÷ JAX", en: "losses ÷ JAX" }.get(lang), -1, 2, 1),
                y: Axis::linear("", -0.6, rows as f64 - 0.4, 0.0, 1.0, 0).with_format(label_of),
                y_label_width: if side == 0 { 150.0 } else { 8.0 },
            };
            let mut chart = panel.build(area)?;
            panel.segment(&mut chart, (1.0, -0.6), (1.0, rows as f64 - 0.4), &Line::dashed(INK))?;
            for (s, &(variant, color, marker, _)) in series.iter().enumerate() {
                let offset = (s as f64 - 1.0) * 0.22;
                let points: Vec<(f64, f64)> = WORKLOADS
                    .iter()
                    .flat_map(|&(workload, _)| TYPES.iter().map(move |&ty| (workload, ty)))
                    .enumerate()
                    .filter_map(|(row, (workload, ty))| {
                        let y = rows as f64 - 1.0 - row as f64 + offset;
                        run.ratio(workload, ty, variant).map(|ratio| (ratio, y))
                    })
                    .collect();
                panel.markers(&mut chart, &points, marker, color)?;
            }
        }
        Ok(())
    })
}
