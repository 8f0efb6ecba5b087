#!/usr/bin/env bash
# Reproduce bench/README.md's table: build newsroom in release, install what
# the comparison needs (Debian's newsboat, GNU time, tmux, curl, xmllint),
# then run the end-to-end bench (and, with --criterion, the micro-benchmarks).
#
#   bench/run.sh                      # both scales, 5 runs (3 at 50 x 1,000)
#   bench/run.sh --scales 20x200 --runs 3
#   bench/run.sh --criterion          # also `cargo bench`, figures added to the table
#
# Any other option goes to bench/bench.py (see `python3 bench/bench.py -h`).
# NEWSROOM=/path/to/newsroom, or --newsroom PATH, skips the build and uses
# that binary.
set -euo pipefail
cd "$(dirname "$0")/.."

criterion=0
args=()
while (($#)); do
    case $1 in
        --criterion) criterion=1 ;;
        # A binary named on the command line is used as it is, like $NEWSROOM.
        --newsroom) NEWSROOM=${2:?--newsroom needs a path}; shift ;;
        --newsroom=*) NEWSROOM=${1#--newsroom=} ;;
        *) args+=("$1") ;;
    esac
    shift
done

need=()
command -v newsboat >/dev/null || need+=(newsboat)
[[ -x /usr/bin/time ]] || need+=(time)
command -v tmux >/dev/null || need+=(tmux)
command -v curl >/dev/null || need+=(curl)
command -v xmllint >/dev/null || need+=(libxml2-utils)
command -v less >/dev/null || need+=(less)
if ((${#need[@]})); then
    echo "installing ${need[*]}" >&2
    sudo=""
    [[ $(id -u) == 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

target=${CARGO_TARGET_DIR:-target}
if [[ -z ${NEWSROOM:-} ]]; then
    cargo build --release --locked --bin newsroom
    NEWSROOM=$target/release/newsroom
fi

if ((criterion)); then
    cargo bench --locked --bench parse --bench render --bench store
    args+=(--criterion "$target/criterion")
fi

echo "newsroom: $NEWSROOM ($("$NEWSROOM" --version)), built from $(git rev-parse --short HEAD)" >&2
exec python3 bench/bench.py --newsroom "$NEWSROOM" "${args[@]}"
