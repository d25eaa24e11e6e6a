#!/usr/bin/env bash
# The side-by-side benchmark: the crate against JAX (jit of plain jnp formulas) and optax, on the
# same inputs, interleaved rounds. Builds the crate twice (default target and -C target-cpu=native),
# makes a venv with the pinned JAX/optax, and runs bench_peers.py on one core (or, with
# --all-cores, on every core, the crate with its rayon threads and XLA with its own).
#
#   crates/losses/benches/peers/bench_peers.sh [--rounds N] [--core C | --all-cores]
#                                              [--baseline REV] [bench_peers.py options]
#
# --baseline REV also builds examples/bench_peers.rs of the git revision REV (both builds) and
# measures it in the same rounds, as "before-default" and "before-native".
# Everything it makes goes under target/bench-peers/ (the venv, the inputs, results-*.json).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
out="$root/target/bench-peers"
core=0
all_cores=false
baseline=""
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --core) core="$2"; shift 2 ;;
    --all-cores) all_cores=true; shift ;;
    --baseline) baseline="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
mkdir -p "$out"

python="${PYTHON:-python3}"
venv="$out/venv"
stamp="$venv/requirements.txt"
if ! cmp -s "$here/requirements.txt" "$stamp" 2>/dev/null; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi

cd "$root"
cargo build --quiet --release -p losses --example bench_peers
RUSTFLAGS="-C target-cpu=native" cargo build --quiet --release -p losses --example bench_peers \
  --target-dir "$out/target-native"
crates=(
  --crate "default=$root/target/release/examples/bench_peers"
  --crate "native=$out/target-native/release/examples/bench_peers"
)
if [[ -n "$baseline" ]]; then
  commit="$(git rev-parse --short "$baseline^{commit}")"
  src="$out/baseline-$commit"
  if [[ ! -d "$src" ]]; then
    mkdir -p "$src"
    git archive "$commit" | tar -x -C "$src"
  fi
  (cd "$src" && cargo build --quiet --release -p losses --example bench_peers \
    && RUSTFLAGS="-C target-cpu=native" cargo build --quiet --release -p losses --example bench_peers \
      --target-dir "$src/target-native")
  crates+=(
    --crate "before-default=$src/target/release/examples/bench_peers"
    --crate "before-native=$src/target-native/release/examples/bench_peers"
  )
  args+=(--baseline "$commit")
fi

if $all_cores; then
  cores="0-$(($(nproc) - 1))"
  args+=(--all-cores)
else
  # One core for everything; XLA's own thread pool is told to stay on one thread as well, and the
  # crate's rayon pool has one thread.
  cores="$core"
  export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
  export RAYON_NUM_THREADS=1
fi
exec taskset -c "$cores" "$venv/bin/python" "$here/bench_peers.py" "${crates[@]}" \
  --work "$out" "${args[@]+"${args[@]}"}"
