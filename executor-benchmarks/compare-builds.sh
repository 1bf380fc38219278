#!/usr/bin/env bash
# Compares two (or more) builds of the pool against the raw ThreadPoolExecutor in interleaved
# rounds, for before/after figures of a change to executor-core (issue 5, item 3).
#
#   executor-benchmarks/compare-builds.sh [--rounds N] LABEL=JAR... [-- JMH arguments]
#
# Each round runs every jar once, in the order given: raw TPE and ours, in separate JMH forks,
# on workloads (a) and (b), with CpuTimeProfiler. Then CompareBuilds prints, per build and case,
# the median and range over the rounds of the cost ratio ours / raw TPE (wall clock and CPU per
# operation), and writes the table to executor-benchmarks/target/compare/compare.md. About one
# minute per jar and round on 2 cores; 5 rounds (the default) of two jars take about 10 minutes.
#
# A jar of another commit: build it in a worktree, e.g.
#   git worktree add /tmp/before <commit>
#   (cd /tmp/before && ./mvnw -B -q -pl executor-benchmarks -am package -DskipTests -Pbenchmarks)
#   executor-benchmarks/compare-builds.sh before=/tmp/before/executor-benchmarks/target/benchmarks.jar \
#     after=executor-benchmarks/target/benchmarks.jar
# (this checkout's jar is built by `run-benchmarks.sh` or the command above, run here).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/target/compare"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

rounds=5
builds=()
jmh_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *=*) builds+=("$1") ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [[ ${#builds[@]} -eq 0 ]]; then
  echo "name at least one build as LABEL=JAR (see --help)" >&2
  exit 2
fi
for b in "${builds[@]}"; do
  [[ -f "${b#*=}" ]] || { echo "no such jar: ${b#*=}" >&2; exit 2; }
done

rm -rf "$out"
args=()
for r in $(seq 1 "$rounds"); do
  for b in "${builds[@]}"; do
    label="${b%%=*}"
    jar="${b#*=}"
    mkdir -p "$out/$label"
    echo "== round $r of $rounds: $label"
    if ! "$java" -jar "$jar" 'ThroughputBenchmark|HandoffBenchmark' -p executor=RAW_TPE,MANAGED \
        -f 1 -wi 3 -w 500ms -i 5 -r 500ms -prof dev.managedexecutors.benchmarks.CpuTimeProfiler \
        -foe true -rf json -rff "$out/$label/round-$r.json" ${jmh_extra[@]+"${jmh_extra[@]}"} \
        > "$out/$label/round-$r.log" 2>&1; then
      echo "JMH failed; see $out/$label/round-$r.log" >&2
      exit 1
    fi
  done
done
for b in "${builds[@]}"; do
  args+=("${b%%=*}=$out/${b%%=*}")
done
# The last jar's CompareBuilds reads every build's results (JMH's JSON format does not change).
"$java" -cp "${builds[-1]#*=}" dev.managedexecutors.benchmarks.CompareBuilds \
  --out "$out/compare.md" "${args[@]}"
