#!/usr/bin/env bash
# Two builds of the query server side by side under wrk (docs/performance.md, "What stands in the
# way"): A and B each serve the same register on their own port and data directory; after a warm-up
# of each, every round runs wrk against A then B (even rounds B then A) and prints B/A. For telling
# whether a change moves throughput at all, when the machine's speed moves more than the change.
#
#   benchmarks/wrk/ab.sh A.jar B.jar [ROUNDS=5] [SECONDS=15]
#
# A.jar and B.jar: screening-server.jar or benchmarks.jar of the two builds (any jar holding
# screening.server.cli.Main). Binds 127.0.0.1 only; everything it starts is killed on exit. Runs about
# 2 * (ROUNDS * SECONDS + WARMUP) seconds (WARMUP, default 20).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { echo "usage: benchmarks/wrk/ab.sh A.jar B.jar [ROUNDS] [SECONDS]"; exit 2; }
A_JAR=$1; B_JAR=$2; ROUNDS=${3:-5}; SECONDS_PER_RUN=${4:-15}; WARMUP=${WARMUP:-20}
APORT_A=${APORT_A:-28720}; APORT_B=${APORT_B:-28730}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx256m}
LUA=benchmarks/wrk/screen-mix.lua
command -v wrk >/dev/null || { echo "wrk not found (apt-get install -y wrk)"; exit 2; }
for j in "$A_JAR" "$B_JAR"; do [ -f "$j" ] || { echo "no such jar: $j"; exit 2; }; done
source benchmarks/wrk/lib.sh
ports_free APORT_A/APORT_B "$APORT_A" $((APORT_A + 1)) "$APORT_B" $((APORT_B + 1))

WORK=$(mktemp -d /tmp/screening-ab.XXXXXX)
PIDS=()
trap cleanup_work EXIT INT TERM

mkdir -p "$WORK/a" "$WORK/b"
screening_fixture "$WORK/a" "$APORT_A" $((APORT_A + 1))
screening_fixture "$WORK/b" "$APORT_B" $((APORT_B + 1))
java $JAVA_OPTS -cp "$A_JAR" screening.server.cli.Main serve --config "$WORK/a/screening.yaml" > "$WORK/a/server.log" 2>&1 & PIDS+=($!)
java $JAVA_OPTS -cp "$B_JAR" screening.server.cli.Main serve --config "$WORK/b/screening.yaml" > "$WORK/b/server.log" 2>&1 & PIDS+=($!)
URL_A="http://127.0.0.1:$APORT_A"; URL_B="http://127.0.0.1:$APORT_B"
wait_for "$URL_A/health/ready" "$WORK/a/server.log" "$WORK/b/server.log"
wait_for "$URL_B/health/ready" "$WORK/a/server.log" "$WORK/b/server.log"
wrk -t1 -c32 -d"${WARMUP}"s -s "$LUA" "$URL_A" > /dev/null
wrk -t1 -c32 -d"${WARMUP}"s -s "$LUA" "$URL_B" > /dev/null

rps() { wrk -t1 -c32 -d"${SECONDS_PER_RUN}"s -s "$LUA" "$1" | awk '/Requests\/sec/ { print $2 }'; }
printf "%-6s %12s %12s %8s\n" round "A req/s" "B req/s" "B/A"
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then a=$(rps "$URL_A"); b=$(rps "$URL_B"); else b=$(rps "$URL_B"); a=$(rps "$URL_A"); fi
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')
  echo "$ratio" >> "$WORK/ratios"
  printf "%-6s %12s %12s %8s\n" "$r" "$a" "$b" "$ratio"
done
echo "median B/A: $(sort -n "$WORK/ratios" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') over $ROUNDS rounds of wrk -t1 -c32 -d${SECONDS_PER_RUN}s"
