#!/usr/bin/env bash
# The national roll-out simulation (docs/deployment.md, "The national register"): nginx (one
# worker, 127.0.0.1) serves a 100,000-entry register from a directory; RolloutSimulation runs 240
# pollers (120 prisons x 2) with the filter's own fetcher, publishes a new version, and reports
# the time until all hold it and the bytes sent with and without 304s. Everything it starts is
# killed on exit; the run is bounded (RUN_SECONDS, default 240; the defaults take about 150 s).
#
#   benchmarks/rollout/run.sh [RolloutSimulation options, e.g. --poll-interval 60s]
#
# Needs: java 17 and nginx (Debian: apt-get install -y nginx-light). Builds the jar if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
NPORT=${NPORT:-28880}
RUN_SECONDS=${RUN_SECONDS:-240}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx8g}
BENCH_JAR=benchmarks/target/benchmarks.jar

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx not found (apt-get install -y nginx-light)"; exit 2; }
[ -f "$BENCH_JAR" ] || ./mvnw -q -pl benchmarks -am package -DskipTests

source benchmarks/wrk/lib.sh
ports_free NPORT "$NPORT"

WORK=$(mktemp -d /tmp/screening-rollout.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/www"
chmod 755 "$WORK/www"
cleanup() {
  if [ -f "$WORK/nginx.pid" ]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# static files, as any web server or object store would serve them: ETag and If-None-Match are
# nginx's defaults for a static file; the access log is what RolloutSimulation counts
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  log_format rollout '\$status \$bytes_sent';
  access_log $WORK/access.log rollout;
  client_body_temp_path $WORK/nginx-tmp;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  keepalive_timeout 120s;
  types { application/x-ndjson ndjson; }
  server {
    listen 127.0.0.1:$NPORT;
    root $WORK/www;
  }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK"

echo "nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///'), one worker, 127.0.0.1:$NPORT; $(nproc) cores; $(java -version 2>&1 | head -1)"
# shellcheck disable=SC2086
timeout -k 10 "$RUN_SECONDS" java $JAVA_OPTS -cp "$BENCH_JAR" screening.server.register.RolloutSimulation \
  --url "http://127.0.0.1:$NPORT/national.ndjson" --root "$WORK/www" --access-log "$WORK/access.log" "$@"
