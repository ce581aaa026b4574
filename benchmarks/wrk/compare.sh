#!/usr/bin/env bash
# Query server vs a constant-answer Netty handler vs nginx, under wrk (docs/performance.md,
# "Query server under wrk"). Same run, in turn, ROUNDS rounds; prints every run, the medians and
# the same-run ratios. Binds 127.0.0.1 only; everything it starts is killed on exit.
#
#   benchmarks/wrk/compare.sh [ROUNDS=3] [SECONDS=15]
#
# Needs: java 17, wrk and nginx (Debian: apt-get install -y wrk nginx-light). Builds the jars if
# they are missing. Runs about ROUNDS * 3 * SECONDS + 2 * WARMUP (default 20) + 10 seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-15}
QPORT=${QPORT:-28700}; APORT=${APORT:-28701}; CPORT=${CPORT:-28790}; NPORT=${NPORT:-28780}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx256m}
SERVER_JAR=screening-server/target/screening-server.jar
BENCH_JAR=benchmarks/target/benchmarks.jar
LUA=benchmarks/wrk/screen-mix.lua

command -v wrk >/dev/null || { echo "wrk not found (apt-get install -y wrk)"; exit 2; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx not found (apt-get install -y nginx-light)"; exit 2; }
if [ ! -f "$SERVER_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  ./mvnw -q -pl benchmarks -am package -DskipTests
fi

source benchmarks/wrk/lib.sh
ports_free QPORT/APORT/CPORT/NPORT "$QPORT" "$APORT" "$CPORT" "$NPORT"

WORK=$(mktemp -d /tmp/screening-wrk.XXXXXX)
chmod 755 "$WORK"
PIDS=()
trap cleanup_work EXIT INT TERM

screening_fixture "$WORK" "$QPORT" "$APORT"
BODY='{"decision":"ALLOW","reason":"NOT_BLOCKED","number":"+447700900456","version":7}'
nginx_constant "$WORK" "$NPORT" "$BODY"

java $JAVA_OPTS -jar "$SERVER_JAR" serve --config "$WORK/screening.yaml" > "$WORK/server.log" 2>&1 & PIDS+=($!)
java $JAVA_OPTS -cp "$BENCH_JAR" screening.server.query.ConstantAnswerServer "$CPORT" > "$WORK/constant.log" 2>&1 & PIDS+=($!)
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK"

# named, not globbed: the servers open their logs in the background, maybe after this line runs
LOGS=("$WORK/server.log" "$WORK/constant.log" "$WORK/nginx-error.log")
SCREEN_URL="http://127.0.0.1:$QPORT"
CONST_URL="http://127.0.0.1:$CPORT"
NGINX_URL="http://127.0.0.1:$NPORT"
wait_for "$SCREEN_URL/v1/screen?pin=1234&number=07700900456" "${LOGS[@]}"
wait_for "$CONST_URL/v1/screen" "${LOGS[@]}"
wait_for "$NGINX_URL/v1/screen" "${LOGS[@]}"
echo "screening: $(curl -s "$SCREEN_URL/v1/screen?pin=1234&number=07700900123")"
echo "constant:  $(curl -s "$CONST_URL/v1/screen")"
echo "nginx:     $(curl -s "$NGINX_URL/v1/screen")"

# JIT warm-up for the two JVMs (not measured), WARMUP seconds each: under this load
# -XX:+PrintCompilation counts 204 and 239 compilations in the query server's 5-10 s and 10-15 s
# of uptime, and 37 and 31 in the next two 5 s (the constant handler: 49, 165, 22, 8), so a
# 10 s warm-up left C2 compiling through the first half of the measured run
WARMUP=${WARMUP:-20}
wrk -t1 -c32 -d"${WARMUP}"s -s "$LUA" "$SCREEN_URL" > /dev/null
wrk -t1 -c32 -d"${WARMUP}"s -s "$LUA" "$CONST_URL" > /dev/null

to_us() { # wrk latency like 123.45us / 1.23ms / 1.02s -> microseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else if (v ~ /s$/) print n * 1000000; else print n }'
}
run() { # name url round -> "rps p50us p99us"
  local out
  out=$(wrk -t1 -c32 -d"${SECONDS_PER_RUN}"s --latency -s "$LUA" "$2")
  echo "$out" > "$WORK/$1.$3.txt"
  if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$out" | grep "Non-2xx\|Socket errors" | sed "s/^/    $1: /" >&2; fi
  local rps p50 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(to_us "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_us "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  errors=$(echo "$out" | grep -c "Non-2xx\|Socket errors" || true)
  echo "$rps $p50 $p99 $errors"
}

printf "%-6s %-10s %12s %10s %10s\n" round server "requests/s" "p50 us" "p99 us"
for r in $(seq 1 "$ROUNDS"); do
  # odd rounds in one order, even rounds in the other, so that a machine slowing down or speeding
  # up during a round does not always fall on the same server
  order="screening constant nginx"
  if [ $((r % 2)) = 0 ]; then order="nginx constant screening"; fi
  for s in $order; do
    case $s in screening) url=$SCREEN_URL;; constant) url=$CONST_URL;; nginx) url=$NGINX_URL;; esac
    read -r rps p50 p99 errors < <(run "$s" "$url" "$r")
    echo "$s $r $rps $p50 $p99" >> "$WORK/results.txt"
    printf "%-6s %-10s %12s %10s %10s%s\n" "$r" "$s" "$rps" "$p50" "$p99" "$([ "$errors" != 0 ] && echo '  (errors: see wrk output)')"
  done
  awk -v r="$r" '$2 == r { v[$1] = $3 } END { printf "       round %s ratios: screening/constant %.3f, screening/nginx %.3f\n", r, v["screening"] / v["constant"], v["screening"] / v["nginx"] }' "$WORK/results.txt"
done

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo
printf "%-10s %12s %10s %10s   (medians of %s runs of wrk -t1 -c32 -d%ss, keep-alive)\n" server "requests/s" "p50 us" "p99 us" "$ROUNDS" "$SECONDS_PER_RUN"
for s in screening constant nginx; do
  printf "%-10s %12s %10s %10s\n" "$s" \
    "$(awk -v s=$s '$1 == s { print $3 }' "$WORK/results.txt" | median)" \
    "$(awk -v s=$s '$1 == s { print $4 }' "$WORK/results.txt" | median)" \
    "$(awk -v s=$s '$1 == s { print $5 }' "$WORK/results.txt" | median)"
done
echo "median same-run ratio screening/constant: $(awk '{ v[$1 "." $2] = $3; r[$2] = 1 } END { for (k in r) print v["screening." k] / v["constant." k] }' "$WORK/results.txt" | median)"
echo "median same-run ratio screening/nginx:    $(awk '{ v[$1 "." $2] = $3; r[$2] = 1 } END { for (k in r) print v["screening." k] / v["nginx." k] }' "$WORK/results.txt" | median)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $("$NGINX" -v 2>&1)"
