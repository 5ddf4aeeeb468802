#!/usr/bin/env bash
# Runs every benchmark in bench/ with small-but-meaningful arguments, captures each one's stdout in
# docs/performance/logs/<Bench>.txt, then renders the figures and writes docs/performance.md (bench/PerfReport).
# Usage: bench/run-all.sh            (from anywhere; about 5 minutes on 2 cores after the build)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=docs/performance
LOGS=$OUT/logs
mkdir -p "$LOGS"
rm -f "$LOGS"/times.txt

echo "building (Release)..."
dotnet build -c Release LockFirmware.sln -v quiet -nologo
# Idle compiler servers would otherwise compete with the timing benchmarks for the two cores.
dotnet build-server shutdown >/dev/null 2>&1 || true

# run BENCH [ARGS...]: bench/BENCH with ARGS, logged as BENCH. run_as LOG BENCH [ARGS...]: the same, logged as LOG (a second
# run of one bench with other arguments).
run() { run_as "$1" "$@"; }
run_as() {
  local log=$1 name=$2; shift 2
  echo "== $log: $name $*"
  local start end
  start=$(date +%s.%N)
  echo "run-all: dotnet run -c Release --project bench/$name -- $*" > "$LOGS/$log.txt"
  dotnet run -c Release --no-build --project "bench/$name" -- "$@" >> "$LOGS/$log.txt" 2> "$LOGS/$log.stderr.txt"
  end=$(date +%s.%N)
  printf '%s %.0fs\n' "$log" "$(echo "$end - $start" | bc)" >> "$LOGS/times.txt"
  [ -s "$LOGS/$log.stderr.txt" ] || rm -f "$LOGS/$log.stderr.txt"
}

# Timing benchmarks first, on an otherwise quiet machine.
run LoopSpeed --strokes 1000 --idle-hours 720 --seed 1
run PlantSpeed --seconds 600
run DiagnosisBench --runs 200 --seed 1 --csv "$LOGS/diagnosis-runs.csv"
run ActuationBench --normal 2000 --jams 300 --misaligned 100 --seed 1
run PowerBench
run PowerCutBench --cuts 1000 --seed 1
run ChemistryBench
run StrandBench
run_as StrandBenchNight StrandBench --night

echo "== PerfReport"
dotnet run -c Release --no-build --project bench/PerfReport -- --logs "$LOGS" --out docs/performance.md --plots "$OUT"
du -ch "$OUT"/*.png | tail -1
