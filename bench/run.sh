#!/usr/bin/env bash
# Performance benchmark of Påloggingshjelp against a bare eframe "hello" window (issue 8), plus
# the network-check figures (issue 3). See docs/performance.md.
#
#   bash bench/run.sh [--runs N] [--renderers glow|wgpu|glow,wgpu] [--no-build] [--keep]
#   bash bench/run.sh --terminal-server [--counts 1,10,30] [--idle 30] [--no-build] [--keep]
#
# --terminal-server: N instances as distinct users on one Xvfb (one after another, then all at
# once), against N hello windows; see bench/terminal_server.py. About 8 minutes for 1,10,30.
#
# Builds release binaries (cargo build --release -p paalogging --features test-hooks --bin paalogging
# --example hello; cargo build --release -p paalogging-core --features test-support --example
# bench_checks) into $CARGO_TARGET_DIR (default: target), then under a private Xvfb
# display, N runs each (default 5), medians:
#   time to first frame; RSS/PSS 1 s after the first frame; frames and CPU in 10 s idle;
#   memory after 20 walks of the whole guide (app only) against its first-frame memory;
#   the slowest UI pass; release binary sizes; network checks against loopback servers.
# Prints a table (app, hello, app/hello, target, PASS/MISS) and writes it, with results.json,
# to $CARGO_TARGET_DIR/bench/. About 2.5 minutes for 5 runs of glow, build excluded; wgpu
# adds ~50 s per run (its walks paint slowly on llvmpipe).
#
# Needs: Xvfb (apt: xvfb), python3, Mesa's OpenGL (apt: libgl1-mesa-dri libegl1); wgpu also
# needs Vulkan (apt: mesa-vulkan-drivers libvulkan1) or falls back to GL. Installs nothing.
# No traffic leaves the machine: the app's endpoints point at a closed loopback port, the
# check benchmark serves on 127.0.0.1, and each program runs in its own network namespace
# (only loopback) where `unshare --net` is allowed (pass --no-netns to skip that).
set -euo pipefail

cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
build=1
mode=single
pass=()
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) build=0 ;;
        --terminal-server) mode=terminal-server ;;
        --counts | --renderer)
            [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }
            pass+=("$1" "$2")
            shift
            ;;
        --runs | --renderers | --walks | --idle | --settle | --check-runs)
            [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }
            pass+=("$1" "$2")
            shift
            ;;
        --keep | --no-netns) pass+=("$1") ;;
        -h | --help)
            sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

missing=()
command -v Xvfb > /dev/null || missing+=("xvfb")
command -v python3 > /dev/null || missing+=("python3")
command -v cargo > /dev/null || { echo "cargo is not on PATH" >&2; exit 2; }
if [ ${#missing[@]} -gt 0 ]; then
    echo "Missing: ${missing[*]}. Install with: sudo apt-get install ${missing[*]} libgl1-mesa-dri libegl1" >&2
    exit 2
fi

if [ "$build" = 1 ]; then
    echo "Building release binaries into $target_dir (several minutes the first time)…" >&2
    # test-hooks: the frame report and guide walk switches (not in the product build).
    cargo build --release -p paalogging --features test-hooks --bin paalogging --example hello
    # Apart, so the loopback servers' feature stays out of the app's build of the core.
    cargo build --release -p paalogging-core --features test-support --example bench_checks
fi
release="$target_dir/release"
for binary in "$release/paalogging" "$release/examples/hello" "$release/examples/bench_checks"; do
    [ -x "$binary" ] || { echo "$binary is missing: run without --no-build" >&2; exit 2; }
done

if [ "$mode" = terminal-server ]; then
    exec python3 bench/terminal_server.py \
        --app "$release/paalogging" \
        --hello "$release/examples/hello" \
        --out "$target_dir/bench" \
        "${pass[@]+"${pass[@]}"}"
fi

exec python3 bench/measure.py \
    --app "$release/paalogging" \
    --hello "$release/examples/hello" \
    --checks "$release/examples/bench_checks" \
    --out "$target_dir/bench" \
    "${pass[@]+"${pass[@]}"}"
