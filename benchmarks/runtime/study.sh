#!/usr/bin/env bash
# The runtime and collector study (issue 17, "Choice of runtime and collector"): the same
# --release 17 jars on each runtime and collector found, each measured by
#   reload  ReloadUnderLoad, 1M entries, --reloads 3 (in process: the file replaced every second)
#   jmh     the CI guard's pairs: ScreenBenchmark decideExactHit/probeHit and decideMiss/probeMiss,
#           each pair in its own short JMH run (as benchmarks/ci-guard.sh's second pass), and
#           NormaliseBenchmark.cacheHit
#   http    benchmarks/reload/over-http.sh (the real server, the load tool at 5,000/s, with and
#           without a 1M file replaced every second)
# then prints one table. Everything each step starts is stopped by the step (or its timeout).
#
#   benchmarks/runtime/study.sh [--only reload,jmh,http] [--runtimes 17,21,25] [--collectors g1,zgc]
#
# Runtimes: 17 (JAVA17, default /usr/lib/jvm/java-17-openjdk-amd64/bin/java), 21 (JAVA21, default
# the first /usr/lib/jvm/*21*/bin/java), 25 (JAVA25, default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java);
# one not installed is named and skipped. Collectors: g1 (-XX:+UseG1GC) and zgc (-XX:+UseZGC: on
# 17 the single-generation ZGC, on 21 with -XX:+ZGenerational, on 25 generational, its only
# mode). Environment: RELOAD_SECONDS (20) and RELOAD_WARMUP (5), ReloadUnderLoad's phases;
# RELOAD_HEAP (-Xmx6g); HTTP_HEAP (-Xms2g -Xmx2g); over-http.sh's own variables (DURATION,
# RATE, ...) pass through. Logs and results go to OUT (benchmarks/target/runtime-study).
#
# Time: about 4.5 minutes per runtime and collector with every step (reload about 75 s, jmh
# about 80 s, http about 110 s on 2 cores), so about 18 minutes for the four found on a machine
# with Java 17 and 25; each step is cut off by a timeout (reload 300 s, each JMH run 300 s, http
# 400 s), so at most about 30 minutes per runtime and collector.
set -euo pipefail
cd "$(dirname "$0")/../.."
ONLY=reload,jmh,http
RUNTIMES=17,21,25
COLLECTORS=g1,zgc
while [ $# -gt 0 ]; do
  case $1 in
    --only) ONLY=$2; shift 2;;
    --runtimes) RUNTIMES=$2; shift 2;;
    --collectors) COLLECTORS=$2; shift 2;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0;;
    *) echo "study: unknown argument $1 (see --help)"; exit 2;;
  esac
done
for s in ${ONLY//,/ }; do
  case $s in reload|jmh|http) ;; *) echo "study: --only takes reload, jmh and http, got $s"; exit 2;; esac
done
has() { [[ ",$ONLY," == *",$1,"* ]]; }

RELOAD_SECONDS=${RELOAD_SECONDS:-20}
RELOAD_WARMUP=${RELOAD_WARMUP:-5}
RELOAD_HEAP=${RELOAD_HEAP:--Xmx6g}
HTTP_HEAP=${HTTP_HEAP:--Xms2g -Xmx2g}
OUT=${OUT:-benchmarks/target/runtime-study}
BENCH_JAR=benchmarks/target/benchmarks.jar
SERVER_JAR=screening-server/target/screening-server.jar
if [ ! -f "$SERVER_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
mkdir -p "$OUT"

java_of() {
  case $1 in
    17) echo "${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}";;
    21) echo "${JAVA21:-$(ls -d /usr/lib/jvm/*21*/bin/java 2>/dev/null | head -1)}";;
    25) echo "${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}";;
    *) echo "";;
  esac
}
gc_flags() { # RUNTIME COLLECTOR
  case $2 in
    g1) echo "-XX:+UseG1GC";;
    zgc) if [ "$1" = 21 ]; then echo "-XX:+UseZGC -XX:+ZGenerational"; else echo "-XX:+UseZGC"; fi;;
    *) echo "study: unknown collector $2 (g1 or zgc)" >&2; exit 2;;
  esac
}
gc_label() {
  case $2 in g1) echo G1;; zgc) if [ "$1" = 17 ]; then echo "ZGC (single gen)"; else echo "ZGC (generational)"; fi;; esac
}
longest() { # WHAT GC-LOG -> the longest WHAT ("Pause", "Allocation Stall") in ms; G1 logs its pauses
  # at gc, ZGC at gc+phases; a ZGC allocation stall holds up the allocating thread as a pause would
  awk -v w="$1" 'index($0, w) && $NF ~ /^[0-9.]+ms$/ { v = $NF + 0; if (v > m) m = v } END { printf "%.2f", m }' "$2"
}
jmh_score() { # CSV BENCHMARK -> mean score (ns/op)
  awk -F, -v b="\"screening.core.$2\"" '$1 == b { gsub(/"/, "", $5); printf "%.2f", $5 }' "$1"
}
jmh_alloc() { # CSV BENCHMARK -> B/op
  awk -F, -v b="screening.core.$2:gc.alloc.rate.norm" '{ n = $1; gsub(/"/, "", n); gsub(/[^a-zA-Z0-9.:]/, "", n) }
    n == b { gsub(/"/, "", $5); printf "%.1f", $5 }' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b + 0 > 0) printf "%.1fx", a / b; else print "-" }'; }

START=$(date +%s)
echo "study: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg); steps: $ONLY; logs in $OUT"
SUMMARY=$OUT/summary.txt
: > "$SUMMARY"
for rt in ${RUNTIMES//,/ }; do
  J=$(java_of "$rt")
  if [ -z "$J" ] || [ ! -x "$J" ]; then
    echo "Java $rt: not installed, skipped"
    continue
  fi
  for gc in ${COLLECTORS//,/ }; do
    GC=$(gc_flags "$rt" "$gc")
    tag="java$rt-$gc"
    label="$(gc_label "$rt" "$gc")"
    echo "== Java $rt ($("$J" -version 2>&1 | head -1)), $label: $GC; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    r999=-; rmax=-; rpause=-; versions=-; hit=-; hitx=-; miss=-; missx=-; alloc=-; httpx=-
    if has reload; then
      log=$OUT/$tag-reload.log
      # shellcheck disable=SC2086
      if timeout 300 "$J" $RELOAD_HEAP $GC -Xlog:gc,gc+phases:file="$OUT/$tag-reload-gc.log":uptime \
          -cp "$BENCH_JAR" screening.server.register.ReloadUnderLoad --entries 1000000 --reloads 3 \
          --seconds "$RELOAD_SECONDS" --warmup "$RELOAD_WARMUP" > "$log" 2>&1; then :; else
        echo "  reload: exit $? (see $log)"
      fi
      grep -E "^reload [0-9]|published|poller thread during|GC without|^\| (no reloads|reload every)" "$log" | sed 's/^/  /' || true
      read -r r999 rmax < <(awk -F'|' '/^\| reload every/ { printf "%.1f %.1f\n", $7 / 1000, $8 / 1000 }' "$log") || true
      versions=$(sed -n 's/^reloads published during the [0-9]* s: \([0-9]*\) (files written: \([0-9]*\)).*/\1 of \2/p' "$log")
      rpause="$(longest Pause "$OUT/$tag-reload-gc.log") / $(longest "Allocation Stall" "$OUT/$tag-reload-gc.log")"
      echo "  longest GC pause / allocation stall in the whole run: $rpause ms"
    fi
    if has jmh; then
      n=0
      for pattern in 'screening\.core\.ScreenBenchmark\.(decideExactHit|probeHit)$' \
          'screening\.core\.ScreenBenchmark\.(decideMiss|probeMiss)$' 'screening\.core\.NormaliseBenchmark\.cacheHit$'; do
        n=$((n + 1))
        if ! timeout 300 "$J" -jar "$BENCH_JAR" "$pattern" -p size=1000000 -f 1 -wi 2 -w 2s -i 3 -r 2s \
            -jvm "$J" -jvmArgsAppend "$GC" -prof gc -rf csv -rff "$OUT/$tag-jmh-$n.csv" > "$OUT/$tag-jmh-$n.log" 2>&1; then
          echo "  jmh run $n failed (see $OUT/$tag-jmh-$n.log)"
        fi
      done
      hit=$(jmh_score "$OUT/$tag-jmh-1.csv" ScreenBenchmark.decideExactHit 2>/dev/null || true)
      miss=$(jmh_score "$OUT/$tag-jmh-2.csv" ScreenBenchmark.decideMiss 2>/dev/null || true)
      hitx=$(ratio "$hit" "$(jmh_score "$OUT/$tag-jmh-1.csv" ScreenBenchmark.probeHit 2>/dev/null || true)")
      missx=$(ratio "$miss" "$(jmh_score "$OUT/$tag-jmh-2.csv" ScreenBenchmark.probeMiss 2>/dev/null || true)")
      cache=$(jmh_score "$OUT/$tag-jmh-3.csv" NormaliseBenchmark.cacheHit 2>/dev/null || true)
      alloc="$(jmh_alloc "$OUT/$tag-jmh-1.csv" ScreenBenchmark.decideExactHit 2>/dev/null || true)/$(jmh_alloc "$OUT/$tag-jmh-2.csv" ScreenBenchmark.decideMiss 2>/dev/null || true)"
      echo "  decide exact hit ${hit:--} ns ($hitx probe), miss ${miss:--} ns ($missx probe), B/op $alloc; normalise cache hit ${cache:--} ns"
    fi
    if has http; then
      log=$OUT/$tag-http.log
      if JAVA="$J" JAVA_OPTS="$HTTP_HEAP $GC" timeout 400 benchmarks/reload/over-http.sh > "$log" 2>&1; then :; else
        echo "  http: exit $? (see $log)"
      fi
      sed -n '/^run (latency/,/^versions/p' "$log" | sed 's/^/  /'
      httpx=$(sed -n 's/^result: .*p99_ratio=\([^ ]*\) p999_ratio=\([^ ]*\).*/\1 (\2)/p' "$log")
    fi
    printf "| %s | %s | %s | %s | %s | %s | %s ns (%s) | %s ns (%s) | %s | %s |\n" "$rt" "$label" "${r999:--}" "${rmax:--}" "${rpause:--}" \
      "${versions:--}" "${hit:--}" "$hitx" "${miss:--}" "$missx" "$alloc" "${httpx:--}" >> "$SUMMARY"
  done
done

echo
echo "Summary ($(( ($(date +%s) - START + 30) / 60 )) minutes; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)):"
echo "reload: ReloadUnderLoad 1M, file replaced every second, ${RELOAD_SECONDS} s phase; pause and ZGC allocation stall: longest in the whole run (-Xlog:gc);"
echo "decide: JMH mean, 1M, and its ratio to the primitive-set probe of the same run; http: over-http.sh p99 (p99.9) with / without reloads"
echo
echo "| Java | collector | reload p99.9 (ms) | reload max (ms) | longest GC pause / alloc. stall (ms) | versions loaded | decide hit (x probe) | decide miss (x probe) | decide B/op hit/miss | HTTP p99 ratio (p99.9) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
cat "$SUMMARY"
