#!/usr/bin/env bash
# Time from a fresh clone to the demo fair's page answering under `make run`, as a newcomer
# meets it (no pip cache), beside a second `make run` on the same clone (already set up).
# Usage: benchmarks/setup_time.sh [PORT]
set -euo pipefail
port=${1:-5099}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'pkill -f "matchmaker serve" 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"
url="http://127.0.0.1:$port/e/kooperationsboerse-barleben-2027"

time_run() {  # $1: label; extra environment in the rest
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  (cd "$work/clone" && env "$@" PORT="$port" make run >"$work/$label.log" 2>&1 &)
  for _ in $(seq 1 1500); do
    curl -sf "$url" -o /dev/null 2>/dev/null && break
    sleep 0.2
  done
  end=$(date +%s.%N)
  curl -sf "$url" | grep -q "Kooperationsbörse Barleben 2027" || { echo "page not served"; exit 1; }
  printf '%-34s %6.1f s\n' "$label" "$(echo "$end - $start" | bc)"
  pkill -f "matchmaker serve"; sleep 1
}

echo "machine: $(nproc) cores; $(python3 --version)"
time_run "fresh clone, no pip cache" PIP_NO_CACHE_DIR=1
time_run "second make run (baseline)" MATCHMAKER_UNUSED=1
