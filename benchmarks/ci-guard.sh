#!/usr/bin/env bash
# The CI guard (issue 6): a short JMH pass of the per-call benchmarks with -prof gc, judged by
# screening.bench.GuardCheck against benchmarks/guard-thresholds.properties. Fails (exit 1) if the
# cached per-call path allocates or a decision on the 1M snapshot costs more than ratio.max probes
# of a primitive set measured in the same run. About 4 minutes on 2 cores.
#
# Usage: benchmarks/ci-guard.sh        (from anywhere; builds the benchmarks jar if it is missing or stale)
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/guard
THRESHOLDS=benchmarks/guard-thresholds.properties

if [[ ! -f $JAR ]] || [[ -n "$(find pom.xml screening-core screening-server benchmarks/pom.xml benchmarks/src \
        -newer "$JAR" \( -name '*.java' -o -name 'pom.xml' \) -print -quit)" ]]; then
    echo "guard: building $JAR"
    ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi

SIZE=$(sed -n 's/^ratio\.size=\s*//p' "$THRESHOLDS")
mkdir -p "$OUT"
rm -f "$OUT/jmh.json"
echo "guard: short JMH pass (size $SIZE; log in $OUT/jmh.log)"
# one fork, 2 x 2 s warm-up, 3 x 2 s measurement: short, and the ratio cancels the machine's speed.
# Not QueryPathBenchmark: nothing here judges it, and its path (Netty's pipeline, decoder,
# handler) needs 10-15 s of C2 before it reaches steady state, so a short pass only printed a
# figure two to three times too high; it has its own command (docs/performance.md).
if ! timeout 900 java -jar "$JAR" \
        'screening\.core\.NormaliseBenchmark\.cacheHit$' \
        'screening\.core\.ScreenBenchmark\.' \
        -p size="$SIZE" -f 1 -wi 2 -w 2s -i 3 -r 2s \
        -prof gc -rf json -rff "$OUT/jmh.json" >"$OUT/jmh.log" 2>&1; then
    echo "guard: the JMH run failed; the end of its log:"
    tail -n 40 "$OUT/jmh.log"
    exit 1
fi

# A second pass for the ratio: each decision again, right beside its own probe, in the order of
# ratio.pairs. In the first pass a decision and its probe run a minute or more apart, and this
# machine's speed can change by a third in that time (a fresh-clone run saw decideMiss at 9.9 ns
# early in the pass and probeMiss at 2.3 ns late in it, 4.3x, where runs in one phase give
# 2.3-2.8x). GuardCheck takes each side's best iteration over both passes.
PASSES=("$OUT/jmh.json")
n=0
while read -r pattern; do
    n=$((n + 1))
    rm -f "$OUT/pair-$n.json"
    if ! timeout 600 java -jar "$JAR" "$pattern" \
            -p size="$SIZE" -f 1 -wi 2 -w 2s -i 3 -r 2s \
            -prof gc -rf json -rff "$OUT/pair-$n.json" >"$OUT/pair-$n.log" 2>&1; then
        echo "guard: the JMH run of pair $n failed; the end of its log:"
        tail -n 40 "$OUT/pair-$n.log"
        exit 1
    fi
    PASSES+=("$OUT/pair-$n.json")
done < <(java -cp "$JAR" screening.bench.GuardCheck --pair-patterns "$THRESHOLDS")
echo "guard: second pass of the ${n} ratio pairs done"

# GUARD_RATIO=advisory (a local run on a machine busy with other work; CI does not set it): a
# ratio over ratio.max prints NOT MET but does not fail
MODE=()
if [[ ${GUARD_RATIO:-} == advisory ]]; then MODE=(--ratio-advisory); fi
java -cp "$JAR" screening.bench.GuardCheck "$THRESHOLDS" "${PASSES[@]}" "${MODE[@]}"
