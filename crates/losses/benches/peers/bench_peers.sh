#!/usr/bin/env bash
# The side-by-side benchmark: the crate against JAX (jit of plain jnp formulas) and optax, on the
# same inputs, one core, interleaved rounds. Builds the crate twice (default target and
# -C target-cpu=native), makes a venv with the pinned JAX/optax, and runs bench_peers.py with four
# crate variants: each build's public batch functions, and each build's fused kernels
# (`--kernels`, see examples/bench_peers.rs).
#
#   crates/losses/benches/peers/bench_peers.sh [--rounds N] [--core C] [bench_peers.py options]
#
# Everything it makes goes under target/bench-peers/ (the venv, the inputs, results-*.json).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
out="$root/target/bench-peers"
core=0
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --core) core="$2"; shift 2 ;;
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

# One core for everything; XLA's own thread pool is told to stay on one thread as well.
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
exec taskset -c "$core" "$venv/bin/python" "$here/bench_peers.py" \
  --crate "default=$root/target/release/examples/bench_peers" \
  --crate "native=$out/target-native/release/examples/bench_peers" \
  --crate "default-kernels=$root/target/release/examples/bench_peers --kernels" \
  --crate "native-kernels=$out/target-native/release/examples/bench_peers --kernels" \
  --work "$out" "${args[@]+"${args[@]}"}"
