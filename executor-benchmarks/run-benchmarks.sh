#!/usr/bin/env bash
# Builds the benchmarks, runs them and regenerates docs/PERFORMANCE.md from the results.
#
#   executor-benchmarks/run-benchmarks.sh              short suite (about 5 minutes on 2 cores),
#                                                      then regenerates docs/PERFORMANCE.md
#   executor-benchmarks/run-benchmarks.sh --smoke      every benchmark once, 1 short iteration, no
#                                                      warm-up (about 1 minute); checks that they run,
#                                                      asserts nothing, leaves docs/ alone
#   executor-benchmarks/run-benchmarks.sh [options] [-- JMH arguments]
#
# Options:
#   --smoke          see above; the report goes to target/benchmarks/PERFORMANCE-smoke.md
#   --no-build       use the jar already built
#   --note TEXT      a note for the report's header (e.g. "machine shared with other builds")
#   -- ARGS          passed to JMH after the suite's own options, e.g. `-- Handoff -p workers=2`
#                    to run a subset, or `-- -wi 5 -i 10 -r 2s` for a longer, steadier run
#
# Output (never committed): executor-benchmarks/target/benchmarks/{jmh-result.json,retained.json,
# jmh.log}. Needs a JDK 17+ on the PATH (or JAVA_HOME); the Maven wrapper fetches Maven.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$here/target/benchmarks"
jar="$here/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

smoke=false
build=true
note=""
jmh_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=true ;;
    --no-build) build=false ;;
    --note) note="$2"; shift ;;
    --) shift; jmh_extra=("$@"); break ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

start=$(date +%s)
if $build; then
  # Through the reactor (-am), so the jar holds this tree's executor-core, not one installed in
  # ~/.m2 by another checkout. Tests are skipped: this builds a tool, CI runs the tests.
  (cd "$root" && ./mvnw -B -q -pl executor-benchmarks -am package -DskipTests -Pbenchmarks)
fi
mkdir -p "$out"

if $smoke; then
  jmh_opts=(-f 1 -wi 0 -i 1 -r 100ms -prof dev.managedexecutors.benchmarks.CpuTimeProfiler -prof gc)
  retained_opts=(--queued 1000 --rounds 1)
  report="$out/PERFORMANCE-smoke.md"
  rm -f "$report"
else
  jmh_opts=(-f 1 -wi 2 -w 500ms -i 6 -r 300ms -prof dev.managedexecutors.benchmarks.CpuTimeProfiler -prof gc)
  retained_opts=(--queued 100000 --rounds 5)
  report="$root/docs/PERFORMANCE.md"
fi

echo "== JMH: ${jmh_opts[*]} ${jmh_extra[*]:-}"
# -foe: a benchmark that throws fails the run (JMH's default would report it and go on).
if ! "$java" -jar "$jar" "${jmh_opts[@]}" -foe true -rf json -rff "$out/jmh-result.json" \
    ${jmh_extra[@]+"${jmh_extra[@]}"} \
    | tee "$out/jmh.log" \
    | { grep -E '^(# Benchmark:|# Parameters:|Iteration|# Run complete)' || true; }; then
  echo "JMH failed; see $out/jmh.log" >&2
  exit 1
fi

echo "== retained heap per pending task: ${retained_opts[*]}"
# JOL walks the object graph; the two properties let it size lambdas (hidden classes) and JDK internals.
"$java" -Xms1g -Xmx1g -Djdk.attach.allowAttachSelf -Djol.magicFieldOffset=true \
  -cp "$jar" dev.managedexecutors.benchmarks.RetainedMemory \
  "${retained_opts[@]}" --out "$out/retained.json"

command="executor-benchmarks/run-benchmarks.sh"
$smoke && command="$command --smoke"
[[ ${#jmh_extra[@]} -gt 0 ]] && command="$command -- ${jmh_extra[*]}"
mkdir -p "$(dirname "$report")"
"$java" -cp "$jar" dev.managedexecutors.benchmarks.PerformanceReport \
  --jmh "$out/jmh-result.json" --retained "$out/retained.json" --out "$report" \
  --command "$command" --note "$note"

echo "== done in $(( $(date +%s) - start )) s"
