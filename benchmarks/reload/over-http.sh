#!/usr/bin/env bash
# Reloads over HTTP (issue 17, "Over HTTP"): the real server with one file: register source of
# ENTRIES entries polled every POLL, and the load tool at RATE/s against its query port twice in
# the same server process: first with the file left alone, then while RegisterFileReplacer writes
# a new version (a few changed lines, atomic rename) every EVERY. Prints both runs'
# p50/p99/p99.9/max, the ratios with reloads / without, the server's longest GC pause and
# allocation stall (ZGC) in each run, and how many versions it loaded. Binds 127.0.0.1 only; everything it starts is killed on exit.
#
#   benchmarks/reload/over-http.sh
#
# Environment (defaults): JAVA (java) and JAVA_OPTS (-Xms2g -Xmx2g) for the server only; the
# load tool and the writer run on LOAD_JAVA (java). ENTRIES (1000000), RATE (5000), DURATION
# (30s), WARMUP (10s, per run), CONNECTIONS (8), POLL (1s), EVERY (1000ms), QPORT (28740),
# APORT (28741), KEEP (unset; 1 keeps the work directory). About 2 x (WARMUP + DURATION) + 40 s:
# under 2 minutes at the defaults on 2 cores. The last line, "result: ...", is for scripts.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g}
LOAD_JAVA=${LOAD_JAVA:-java}
ENTRIES=${ENTRIES:-1000000}
RATE=${RATE:-5000}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-8}
POLL=${POLL:-1s}
EVERY=${EVERY:-1000ms}
QPORT=${QPORT:-28740}; APORT=${APORT:-28741}
SERVER_JAR=screening-server/target/screening-server.jar
BENCH_JAR=benchmarks/target/benchmarks.jar

if [ ! -f "$SERVER_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
source benchmarks/wrk/lib.sh
ports_free QPORT/APORT "$QPORT" "$APORT"

seconds() { # 30s / 1500ms / 2m -> whole seconds, rounded up
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /ms$/) print int((n + 999) / 1000); else if (v ~ /m$/) print n * 60; else print n }'
}
RUN_SECONDS=$(( $(seconds "$WARMUP") + $(seconds "$DURATION") ))

WORK=$(mktemp -d /tmp/screening-over-http.XXXXXX)
SERVER_PID=""; WRITER_PID=""
cleanup() {
  for p in $WRITER_PID $SERVER_PID; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP:-}" = 1 ]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); server: $("$JAVA" -version 2>&1 | head -1), JAVA_OPTS=$JAVA_OPTS"
REGISTER=$WORK/national.ndjson
"$LOAD_JAVA" -Xmx1g -cp "$BENCH_JAR" screening.bench.RegisterFileReplacer --file "$REGISTER" \
  --entries "$ENTRIES" --blocked-out "$WORK/blocked.txt"
cat > "$WORK/screening.yaml" <<YAML
establishment: HULL
query: {bind: 127.0.0.1, port: $QPORT}
admin: {bind: 127.0.0.1, port: $APORT}
register:
  sources:
    - {name: national, url: "file:$REGISTER", pollInterval: $POLL}
dataDir: $WORK/data
YAML

# gc+phases: ZGC logs its pauses there ("Pause Mark Start 0.010ms"); G1 logs them at gc
# shellcheck disable=SC2086
"$JAVA" $JAVA_OPTS -Xlog:gc,gc+phases:file="$WORK/gc.log":uptime -jar "$SERVER_JAR" serve \
  --config "$WORK/screening.yaml" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
QUERY_URL="http://127.0.0.1:$QPORT"
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "$QUERY_URL/health/ready" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server stopped:"; cat "$WORK/server.log"; exit 1; }
  sleep 0.2
done
curl -fs -o /dev/null "$QUERY_URL/health/ready" || { echo "not ready after 60 s:"; cat "$WORK/server.log"; exit 1; }

metric() { # name{labels} -> value from the admin port's /metrics; 0 if the server does not answer
  curl -fs "http://127.0.0.1:$APORT/metrics" | awk -v m="$1" 'index($0, m " ") == 1 { v = $2 + 0 } END { print v + 0 }' || echo 0
}
gc_lines() { wc -l < "$WORK/gc.log"; }
longest_pause() { # FROM TO (gc.log line numbers) -> longest pause in ms, how many, longest allocation stall in ms
  sed -n "$(($1 + 1)),$2p" "$WORK/gc.log" | awk '$NF !~ /^[0-9.]+ms$/ { next }
    /Pause/ { n++; v = $NF + 0; if (v > m) m = v }
    /Allocation Stall/ { v = $NF + 0; if (v > s) s = v }
    END { printf "%.2f %d %.2f\n", m, n, s }'
}
load() { # NAME: one run of the load tool, output in WORK/NAME.txt
  local rc=0
  timeout $((RUN_SECONDS + 60)) "$LOAD_JAVA" -cp "$BENCH_JAR" screening.bench.LoadTool --url "$QUERY_URL" \
    --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --connections "$CONNECTIONS" \
    --blocked "$WORK/blocked.txt" > "$WORK/$1.txt" 2>&1 || rc=$?
  sed 's/^/  /' "$WORK/$1.txt"
  [ "$rc" = 0 ] || echo "  (load tool exit $rc: errors in this run)"
}
latency() { # NAME -> "p50 p99 p99.9 max" in us
  awk '/latency \(us\)/ { print $4, $6, $8, $10 }' "$WORK/$1.txt"
}

echo "== run 1: the file left alone (${WARMUP} warm-up + ${DURATION} at ${RATE}/s)"
g0=$(gc_lines)
load quiet
g1=$(gc_lines)

echo "== run 2: the file replaced every ${EVERY}, polled every ${POLL}"
snap0=$(metric screening_snapshot_version)
src0=$(metric 'screening_source_version{source="national"}')
"$LOAD_JAVA" -Xmx1g -cp "$BENCH_JAR" screening.bench.RegisterFileReplacer --file "$REGISTER" \
  --entries "$ENTRIES" --from-version $((src0 + 1)) --every "$EVERY" --for $((RUN_SECONDS + 120))s \
  > "$WORK/writer.log" 2>&1 &
WRITER_PID=$!
for _ in $(seq 1 300); do grep -q "written" "$WORK/writer.log" && break; sleep 0.2; done
g2=$(gc_lines)
load reloading
g3=$(gc_lines)
snap1=$(metric screening_snapshot_version)
src1=$(metric 'screening_source_version{source="national"}')
written=$(grep -c "written" "$WORK/writer.log" || true)
kill "$WRITER_PID" 2>/dev/null || true
wait "$WRITER_PID" 2>/dev/null || true
WRITER_PID=""
refused=$(curl -fs "http://127.0.0.1:$APORT/metrics" | awk '/^screening_register_refusals_total/ { n += $2 } END { print n + 0 }')
write_ms=$(awk '/written in/ { s += $(NF-1); n++ } END { if (n) printf "%.0f", s / n; else print "-" }' "$WORK/writer.log")

read -r q50 q99 q999 qmax < <(latency quiet)
read -r r50 r99 r999 rmax < <(latency reloading)
read -r qpause qn qstall < <(longest_pause "$g0" "$g1")
read -r rpause rn rstall < <(longest_pause "$g2" "$g3")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo
printf "%-20s %10s %10s %10s %10s   %s\n" "run (latency, us)" p50 p99 p99.9 max "server GC: longest pause ms (pauses), longest allocation stall ms"
printf "%-20s %10s %10s %10s %10s   %s\n" "file left alone" "$q50" "$q99" "$q999" "$qmax" "$qpause ($qn), $qstall"
printf "%-20s %10s %10s %10s %10s   %s\n" "replaced every ${EVERY}" "$r50" "$r99" "$r999" "$rmax" "$rpause ($rn), $rstall"
printf "%-20s %10s %10s %10s %10s\n" "ratio with / without" "$(ratio "$r50" "$q50")" "$(ratio "$r99" "$q99")" \
  "$(ratio "$r999" "$q999")" "$(ratio "$rmax" "$qmax")"
loaded=$((snap1 - snap0))
echo "versions: the writer wrote $written (mean write ${write_ms} ms) in the ${RUN_SECONDS} s of run 2 and the time before it;" \
  "the server swapped in $loaded snapshots (source version $src0 -> $src1); register refusals $refused"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "result: p50_ratio=$(ratio "$r50" "$q50") p99_ratio=$(ratio "$r99" "$q99") p999_ratio=$(ratio "$r999" "$q999")" \
  "max_ratio=$(ratio "$rmax" "$qmax") quiet_p99_us=$q99 reload_p99_us=$r99 reload_p999_us=$r999" \
  "quiet_pause_ms=$qpause reload_pause_ms=$rpause reload_stall_ms=$rstall versions_written=$written versions_loaded=$loaded"
