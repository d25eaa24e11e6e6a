#!/usr/bin/env python3
"""Side-by-side benchmark: the `losses` crate against JAX (jit of plain jnp formulas) and optax.

Run through `bench_peers.sh`, which builds the crate, makes the pinned venv and pins everything to
one core. This script:

1. writes the inputs (numpy, fixed seed): 10⁶ binary logits uniform in [−8, 8] with targets that
   are 1 with probability ¼; 10⁵ × 10 softmax logits uniform in [−8, 8] with uniform classes. f32
   inputs are the f64 ones rounded to nearest, on both sides;
2. starts each crate build (`examples/bench_peers.rs`) as a server on a pipe, so that the crate and
   JAX take turns on the same core without one process start per measurement;
3. runs interleaved rounds: in every round every (workload, type) is timed once for every variant,
   in an order that rotates from round to round, each timed call right after the same variant ran
   untimed for `WARM` seconds and with a rest of `SETTLE` after it; the crate times its own call (validation and
   reduction included), JAX is timed around the call and `block_until_ready` (its dispatch overhead,
   some microseconds against milliseconds of work, included);
4. checks that the outputs agree (reduced losses and full gradients, crate against JAX, within the
   tolerances below) and measures, on a subset, each side's error in ulps against mpmath;
5. prints the tables and writes them to `results-<UTC time>.json` in the work directory.

Workloads (Reduction / jnp.mean): focal loss γ = 2, α = 0.25; focal loss + gradient; BCE with logits;
softmax cross-entropy (10 classes); softmax cross-entropy + gradient. The "plain jnp" JAX versions
are what a JAX user writes (below); optax's are its library functions.
"""
import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time

import numpy as np

import jax
import jax.numpy as jnp
import optax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

N = 1_000_000
ROWS, CLASSES = 100_000, 10
GAMMA, ALPHA = 2.0, 0.25
WORKLOADS = ["focal", "focal_grad", "bce", "softmax", "softmax_grad"]
TITLES = {
    "focal": "focal loss γ=2 α=0.25, mean",
    "focal_grad": "focal loss + gradient",
    "bce": "BCE with logits, mean",
    "softmax": "softmax CE 10⁵×10, mean",
    "softmax_grad": "softmax CE + gradient",
}
# Seconds of rest after every timed call, so that one side's idle threads (XLA's pool spin-waits
# after a computation, rayon's workers after a job) do not run into the next measurement on the
# same core. Without it the crate variant timed right after optax's focal loss (a long XLA
# computation) measured about twice as slow as when run alone, round after round.
SETTLE = 0.05
# Seconds for which a variant runs its workload untimed right before each timed call, so that every
# measurement sees the machine in the steady state of a training loop, which calls its loss back to
# back. On the 2-vCPU machine of the recorded runs, after the rest above, a second core took 10–30 ms
# of continuous work to come up to speed: the crate's f32 focal loss on 2 threads measured 1.8 ns
# per element timed right after the rest, 1.8 after 10 ms of warm-up, 0.96 after 30 ms and 100 ms
# (0.95 in calls back to back). One thread was not affected (1.6–1.7 either way). JAX gets the
# same warm-up.
WARM = 0.1
# Agreement tolerances, crate against JAX: reduced loss, relative; gradient, max |Δ| / max |g|.
TOLERANCE = {"f32": 1e-5, "f64": 1e-12}


# ---- JAX ----------------------------------------------------------------------------------------
def focal_elements(x, y):
    p = jax.nn.sigmoid(x)
    ce = jnp.maximum(x, 0) - x * y + jnp.log1p(jnp.exp(-jnp.abs(x)))
    p_t = p * y + (1 - p) * (1 - y)
    alpha_t = ALPHA * y + (1 - ALPHA) * (1 - y)
    return alpha_t * (1 - p_t) ** GAMMA * ce


def bce_elements(x, y):
    return jnp.maximum(x, 0) - x * y + jnp.log1p(jnp.exp(-jnp.abs(x)))


def softmax_elements(z, c):
    return jax.nn.logsumexp(z, axis=-1) - jnp.take_along_axis(z, c[:, None], axis=-1)[:, 0]


def optax_focal_elements(x, y):
    return optax.sigmoid_focal_loss(x, y, alpha=ALPHA, gamma=GAMMA)


def optax_softmax_elements(z, c):
    return optax.softmax_cross_entropy_with_integer_labels(z, c)


ELEMENTS = {
    ("jax", "focal"): focal_elements,
    ("jax", "bce"): bce_elements,
    ("jax", "softmax"): softmax_elements,
    ("optax", "focal"): optax_focal_elements,
    ("optax", "bce"): optax.sigmoid_binary_cross_entropy,
    ("optax", "softmax"): optax_softmax_elements,
}


def base(workload):
    return workload.removesuffix("_grad")


def mean_of(elements):
    return lambda a, b: jnp.mean(elements(a, b))


def jitted(side, workload):
    """The jitted function a user of `side` would call for `workload`: the mean loss, or
    (mean loss, gradient) from jax.value_and_grad."""
    elements = ELEMENTS[(side, base(workload))]
    if workload.endswith("_grad"):
        return jax.jit(jax.value_and_grad(mean_of(elements)))
    return jax.jit(mean_of(elements))


# ---- inputs -------------------------------------------------------------------------------------
def write_inputs(work):
    rng = np.random.default_rng(20261130)
    logits = rng.uniform(-8.0, 8.0, N)
    targets = (rng.uniform(0.0, 1.0, N) < 0.25).astype(np.float64)
    softmax_logits = rng.uniform(-8.0, 8.0, ROWS * CLASSES)
    classes = rng.integers(0, CLASSES, ROWS).astype(np.int64)
    for name, array in [("binary_logits.f64", logits), ("binary_targets.f64", targets),
                        ("softmax_logits.f64", softmax_logits), ("softmax_classes.i64", classes)]:
        array.astype("<" + array.dtype.str[1:]).tofile(os.path.join(work, name))
    data = {}
    for ty, dtype in [("f32", np.float32), ("f64", np.float64)]:
        data[ty] = {
            "binary": (jnp.asarray(logits.astype(dtype)), jnp.asarray(targets.astype(dtype))),
            "softmax": (jnp.asarray(softmax_logits.astype(dtype).reshape(ROWS, CLASSES)), jnp.asarray(classes)),
        }
    return data


def arguments(data, ty, workload):
    return data[ty]["softmax" if base(workload) == "softmax" else "binary"]


# ---- the crate, as a server on a pipe -----------------------------------------------------------
class Crate:
    def __init__(self, name, command, work):
        self.name = name
        binary, *options = shlex.split(command)
        self.process = subprocess.Popen([binary, work, *options], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            sys.exit(f"crate {self.name} stopped on {command!r}")
        return answer.strip()

    def time(self, workload, ty):
        return float(self.ask(f"time {workload} {ty}"))

    def close(self):
        self.ask_quit()

    def ask_quit(self):
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        self.process.wait()


def read(work, name):
    return np.fromfile(os.path.join(work, name + ".f64"), dtype="<f8")


# ---- mpmath reference and ulps ------------------------------------------------------------------
def reference_values(workload, ty, data, subset):
    """Per-element losses and gradients, at the type's rounded inputs, in mpmath (256 bits)."""
    from mpmath import mp, mpf, exp, log1p, log, fsum

    mp.prec = 256
    sigma = lambda v: 1 / (1 + exp(-v))
    softplus = lambda v: log1p(exp(v))
    losses, grads = [], []
    if base(workload) in ("focal", "bce"):
        x, y = (np.asarray(a, dtype=np.float64)[:subset] for a in arguments(data, ty, workload))
        for xi, yi in zip(x, y):
            sign = 1 if yi == 1.0 else -1
            x_t = sign * mpf(float(xi))
            if base(workload) == "bce":
                losses.append(softplus(-x_t))
                grads.append(sign * -sigma(-x_t))
            else:
                a_t = mpf(ALPHA) if sign == 1 else 1 - mpf(ALPHA)
                q = sigma(-x_t)
                losses.append(a_t * q ** 2 * softplus(-x_t))
                grads.append(sign * -a_t * q ** 2 * (2 * sigma(x_t) * softplus(-x_t) + q))
    else:
        z, c = arguments(data, ty, workload)
        z, c = np.asarray(z, dtype=np.float64)[:subset], np.asarray(c)[:subset]
        for row, k in zip(z, c):
            row = [mpf(float(v)) for v in row]
            m = max(row)
            total = fsum(exp(v - m) for v in row)
            losses.append(m + log(total) - row[k])
            grads.extend(exp(v - m) / total - (1 if i == k else 0) for i, v in enumerate(row))
    return losses, grads


def ulps(values, reference, ty):
    """|value − reference| in ulps of the reference in type `ty` (subnormal spacing below normal)."""
    import mpmath

    digits, min_exponent = (24, -126) if ty == "f32" else (53, -1022)
    errors = []
    for v, r in zip(values, reference):
        if r == 0:
            continue
        e = max(int(mpmath.floor(mpmath.log(abs(r), 2))), min_exponent)
        ulp = mpmath.mpf(2) ** (e - digits + 1)
        errors.append(float(abs(mpmath.mpf(float(v)) - r) / ulp))
    return errors


def summary(errors):
    return {"max": max(errors), "median": statistics.median(errors), "count": len(errors)}


# ---- main ---------------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crate", action="append", required=True, help="NAME=PATH of a bench_peers build")
    parser.add_argument("--work", required=True, help="directory for inputs, dumps and results")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--subset", type=int, default=2000, help="examples (rows) measured against mpmath")
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--types", default="f32,f64")
    parser.add_argument("--all-cores", action="store_true", help="recorded: the run used every core")
    parser.add_argument("--baseline", default=None, help="recorded: the git revision of the before-* builds")
    args = parser.parse_args()
    workloads, types = args.workloads.split(","), args.types.split(",")
    os.makedirs(args.work, exist_ok=True)

    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = os.getloadavg()
    data = write_inputs(args.work)
    crates = [Crate(*spec.split("=", 1), args.work) for spec in args.crate]
    functions = {(side, w, t): jitted(side, w) for side in ("jax", "optax") for w in workloads for t in types}

    def run_jax(side, workload, ty):
        fn = functions[(side, workload, ty)]
        a, b = arguments(data, ty, workload)
        start = time.perf_counter_ns()
        jax.block_until_ready(fn(a, b))
        return (time.perf_counter_ns() - start) / N

    variants = [c.name for c in crates] + ["jax", "optax"]
    # Warm-up: compile every JAX function, page in every buffer.
    for w in workloads:
        for t in types:
            for c in crates:
                c.time(w, t)
            run_jax("jax", w, t)
            run_jax("optax", w, t)

    times = {(v, w, t): [] for v in variants for w in workloads for t in types}
    for r in range(args.rounds):
        for w in workloads:
            for t in types:
                order = variants[r % len(variants):] + variants[: r % len(variants)]
                for v in order:
                    crate = next((c for c in crates if c.name == v), None)
                    measure = (lambda: crate.time(w, t)) if crate else (lambda: run_jax(v, w, t))
                    warm_until = time.perf_counter() + WARM
                    while time.perf_counter() < warm_until:
                        measure()
                    times[(v, w, t)].append(measure())
                    time.sleep(SETTLE)
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)
    load_after = os.getloadavg()

    # ---- agreement and accuracy ----
    # Every crate variant against JAX; a "native-…" build must equal its "default-…" twin bit for bit;
    # the default builds are measured against mpmath on the subset.
    failures = []
    agreement, accuracy = {}, {}
    by_name = {c.name: c for c in crates}
    for w in workloads:
        for t in types:
            subset = args.subset if base(w) != "softmax" else args.subset // 10
            prefix = f"crate-{w}-{t}-"
            a, b = arguments(data, t, w)
            jax_out = functions[("jax", w, t)](a, b)
            jax_total = float(jax_out[0] if w.endswith("_grad") else jax_out)
            jax_grad = np.asarray(jax_out[1], dtype=np.float64).reshape(-1) if w.endswith("_grad") else None
            totals = {}
            for c in crates:
                c.ask(f"dump {w} {t} 1")
                crate_total = read(args.work, prefix + "total")[0]
                totals[c.name] = (crate_total, read(args.work, prefix + "grad") if w.endswith("_grad") else None)
                rel = abs(crate_total - jax_total) / abs(jax_total)
                entry = {"crate": crate_total, "jax": jax_total, "relative difference": rel}
                if rel > TOLERANCE[t]:
                    failures.append(f"{c.name} {w} {t}: loss {crate_total} vs JAX {jax_total} (relative {rel:.2e})")
                if jax_grad is not None:
                    normwise = float(np.max(np.abs(totals[c.name][1] - jax_grad)) / np.max(np.abs(jax_grad)))
                    entry["gradient max|Δ|/max|g|"] = normwise
                    if normwise > TOLERANCE[t]:
                        failures.append(f"{c.name} {w} {t}: gradient differs from JAX's by {normwise:.2e} of its largest entry")
                agreement[f"{c.name} {w} {t}"] = entry
            for name, (total, grad) in totals.items():
                twin = name.replace("native", "default", 1)
                if "native" in name and twin in totals:
                    other_total, other_grad = totals[twin]
                    if total != other_total or (grad is not None and not np.array_equal(grad, other_grad)):
                        failures.append(f"{w} {t}: builds {name} and {twin} disagree")
            if w.endswith("_grad"):
                continue
            # Accuracy on the subset (per-element losses and gradients), against mpmath.
            ref_losses, ref_grads = reference_values(w, t, data, subset)
            results = {}
            for c in crates:
                if "native" in c.name:
                    continue
                c.ask(f"dump {w} {t} {subset}")
                results[f"crate {c.name}"] = (read(args.work, prefix + "elements"), read(args.work, prefix + "element-grads"))
            sa, sb = a[:subset], b[:subset]
            for side in ("jax", "optax"):
                elements = ELEMENTS[(side, w)]
                results[side] = (
                    np.asarray(jax.jit(elements)(sa, sb), dtype=np.float64),
                    np.asarray(jax.jit(jax.grad(lambda u, v: jnp.sum(elements(u, v))))(sa, sb), dtype=np.float64).reshape(-1),
                )
            accuracy[f"{w} {t}"] = {
                side: {"loss": summary(ulps(l, ref_losses, t)), "gradient": summary(ulps(g, ref_grads, t))}
                for side, (l, g) in results.items()
            }
    reference_crate = crates[0]
    level = reference_crate.ask("level")
    threads = int(reference_crate.ask("threads"))
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    cores = sorted(os.sched_getaffinity(0))
    for c in crates:
        c.close()

    # ---- report ----
    def stats(values):
        return statistics.median(values), min(values), max(values)

    print(f"\nmachine: {cpu} ({platform.machine()}), {os.cpu_count()} cores; ran on cores {cores} (taskset), crate threads {threads}")
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f}")
    print(f"jax {jax.__version__}, jaxlib {jax.lib.__version__ if hasattr(jax.lib, '__version__') else '?'}, "
          f"optax {optax.__version__}, numpy {np.__version__}; kernels level: {level}")
    print(f"{args.rounds} interleaved rounds; ns/element, median [min–max]; ratio = crate / JAX per round, median [min–max]\n")
    header = "| workload | type | " + " | ".join(f"crate {c.name}" for c in crates) + " | JAX jnp | optax | " + \
        " | ".join(f"{c.name} / JAX" for c in crates) + " |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    table = []
    for w in workloads:
        for t in types:
            cells = []
            for v in variants:
                m, lo, hi = stats(times[(v, w, t)])
                cells.append(f"{m:.2f} [{lo:.2f}–{hi:.2f}]")
            ratios = []
            for c in crates:
                per_round = [a / b for a, b in zip(times[(c.name, w, t)], times[("jax", w, t)])]
                m, lo, hi = stats(per_round)
                ratios.append(f"{m:.2f}× [{lo:.2f}–{hi:.2f}]")
            print(f"| {TITLES[w]} | {t} | " + " | ".join(cells + ratios) + " |")
            table.append({"workload": w, "type": t, **{v: times[(v, w, t)] for v in variants}})
    print("\nAgreement, crate against JAX (tolerance: f32 1e-5, f64 1e-12 relative):")
    for key, entry in agreement.items():
        print(f"  {key:<18} " + ", ".join(f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}" for k, v in entry.items()))
    print(f"\nError in ulps against mpmath on the first {args.subset} examples ({args.subset // 10} softmax rows), max / median:")
    sides = list(next(iter(accuracy.values())).keys()) if accuracy else []
    print("| workload | type | " + " | ".join(f"{s} loss | {s} grad" for s in sides) + " |")
    print("|---|---|" + "---|---|" * len(sides))
    for key, measured in accuracy.items():
        w, t = key.split()
        cells = [f"{measured[s][q]['max']:.2f} / {measured[s][q]['median']:.2f}" for s in sides for q in ("loss", "gradient")]
        print(f"| {TITLES[w]} | {t} | " + " | ".join(cells) + " |")
    result_file = os.path.join(args.work, f"results-{started:%Y%m%dT%H%M%SZ}.json")
    with open(result_file, "w") as f:
        json.dump({"started": started.isoformat(), "load before": load_before, "load after": load_after,
                   "versions": {"jax": jax.__version__, "optax": optax.__version__, "numpy": np.__version__},
                   "kernels level": level, "rounds": args.rounds, "cpu": cpu, "cores": cores,
                   "crate threads": threads, "all cores": args.all_cores, "baseline": args.baseline,
                   "variants": variants, "times": table, "agreement": agreement,
                   "accuracy": accuracy, "failures": failures}, f, indent=1)
    print(f"\nwritten: {result_file}")
    if failures:
        print("\nDISAGREEMENT:\n  " + "\n  ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
