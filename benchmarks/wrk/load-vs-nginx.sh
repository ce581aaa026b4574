#!/usr/bin/env bash
# The load tool against the query server and against nginx's constant answer, same schedule, same
# run (issue 17, "Against nginx": the p99 ratio at 5,000/s). The server serves the sample
# register (config/sample-register.ndjson: the load tool's blocked numbers); nginx (Debian
# nginx-light, one worker) answers one constant ALLOW, so its decisions are not checked
# (--compare-constant). Binds 127.0.0.1 only; everything it starts is killed on exit.
#
#   benchmarks/wrk/load-vs-nginx.sh [RATE=5000] [DURATION=30s]
#
# Environment: JAVA (java) and JAVA_OPTS (-Xms256m -Xmx256m, as compare.sh) for the query server
# only (the load tool runs on the default java), WARMUP (10s: the load tool's
# warm-up, before each of the two runs), QPORT/APORT (28750/28751), NPORT (28781). Runs about
# 2 x (WARMUP + DURATION) + 15 seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${1:-5000}
DURATION=${2:-30s}
WARMUP=${WARMUP:-10s}
QPORT=${QPORT:-28750}; APORT=${APORT:-28751}; NPORT=${NPORT:-28781}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx256m}
SERVER_JAR=screening-server/target/screening-server.jar
BENCH_JAR=benchmarks/target/benchmarks.jar

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx not found (apt-get install -y nginx-light)"; exit 2; }
if [ ! -f "$SERVER_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
source benchmarks/wrk/lib.sh
ports_free QPORT/APORT/NPORT "$QPORT" "$APORT" "$NPORT"

WORK=$(mktemp -d /tmp/screening-load-nginx.XXXXXX)
chmod 755 "$WORK"
PIDS=()
trap cleanup_work EXIT INT TERM

screening_config "$WORK" "$QPORT" "$APORT" "$PWD/config/sample-register.ndjson"
nginx_constant "$WORK" "$NPORT" '{"decision":"ALLOW","reason":"NOT_BLOCKED","number":"+447700900456","version":7}'

# shellcheck disable=SC2086
"$JAVA" $JAVA_OPTS -jar "$SERVER_JAR" serve --config "$WORK/screening.yaml" > "$WORK/server.log" 2>&1 & PIDS+=($!)
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK"
wait_for "http://127.0.0.1:$QPORT/health/ready" "$WORK/server.log"
wait_for "http://127.0.0.1:$NPORT/v1/screen" "$WORK/nginx-error.log"

echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; server: $("$JAVA" -version 2>&1 | head -1), JAVA_OPTS=$JAVA_OPTS; $("$NGINX" -v 2>&1)"
rc=0
timeout 900 java -cp "$BENCH_JAR" screening.bench.LoadTool --url "http://127.0.0.1:$QPORT" \
  --compare-url "http://127.0.0.1:$NPORT" --compare-constant --rate "$RATE" --duration "$DURATION" \
  --warmup "$WARMUP" --connections 8 || rc=$?
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$rc"
