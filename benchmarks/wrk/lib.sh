# Sourced by compare.sh, ab.sh and load-vs-nginx.sh.

# ports_free HINT PORT...: exits 2, naming the port and HINT, if anything already listens on one
ports_free() {
  local hint=$1 port
  shift
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is already in use: set $hint"; exit 2; fi
  done
}

# cleanup_work: the scripts' exit trap (`trap cleanup_work EXIT INT TERM`): kills the processes in
# the array PIDS and the nginx whose pid file is WORK/nginx.pid, if any, then removes WORK
cleanup_work() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -f "$WORK/nginx.pid" ]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$WORK"
}

# wait_for URL LOG...: waits up to 20 s for URL to answer 2xx; if it does not, prints LOG... and exits 1
wait_for() {
  local url=$1
  shift
  for _ in $(seq 1 100); do curl -fs -o /dev/null "$url" && return 0; sleep 0.2; done
  echo "not up: $url"
  cat "$@" 2>/dev/null || true
  exit 1
}

# screening_fixture DIR QPORT APORT writes, into DIR, a register
# of drama numbers (SPEC section 6 header: entry count and sha256 of the body) and a server config
# that serves it on 127.0.0.1:QPORT (admin APORT), with its data in DIR/data. screen-mix.lua's
# blocked numbers are the ones blocked here.
screening_fixture() {
  local WORK=$1 QPORT=$2 APORT=$3
  cat > "$WORK/body.ndjson" <<'NDJSON'
{"id":"SPC-2026-000101","action":"BLOCK","match":"EXACT","number":"07700 900123","scope":"NATIONAL","reason":"VICTIM_REQUEST"}
{"id":"SPC-2026-000102","action":"BLOCK","match":"EXACT","number":"+44 113 496 0456","scope":"NATIONAL","reason":"VICTIM_REQUEST"}
{"id":"SPC-2026-000103","action":"BLOCK","match":"EXACT","number":"020 7946 0789","scope":"ESTABLISHMENT","establishment":"HULL","reason":"COURT_ORDER"}
{"id":"SPC-2026-000104","action":"BLOCK","match":"EXACT","number":"01632 960321","scope":"PIN","pin":"1234","reason":"VICTIM_REQUEST"}
NDJSON
  local SHA
  SHA=$(sha256sum "$WORK/body.ndjson" | cut -c1-64)
  { echo "{\"format\":\"screening-register/1\",\"source\":\"national\",\"version\":7,\"generated\":\"2026-11-28T12:00:00Z\",\"entries\":4,\"sha256\":\"$SHA\"}"
    cat "$WORK/body.ndjson"; } > "$WORK/register.ndjson"
  screening_config "$WORK" "$QPORT" "$APORT" "$WORK/register.ndjson"
}

# screening_config DIR QPORT APORT REGISTER writes DIR/screening.yaml: the filter on
# 127.0.0.1:QPORT (admin APORT) with the one file: source REGISTER, its data in DIR/data.
screening_config() {
  local WORK=$1 QPORT=$2 APORT=$3 REGISTER=$4
  cat > "$WORK/screening.yaml" <<YAML
establishment: HULL
query: {bind: 127.0.0.1, port: $QPORT}
admin: {bind: 127.0.0.1, port: $APORT}
register:
  sources:
    - {name: national, url: "file:$REGISTER"}
dataDir: $WORK/data
YAML
}

# nginx_constant DIR NPORT BODY writes DIR/nginx.conf: one worker on 127.0.0.1:NPORT answering
# every request 200 with the JSON BODY, keep-alive unlimited, no access log, its files in DIR.
nginx_constant() {
  local WORK=$1 NPORT=$2 BODY=$3
  mkdir -p "$WORK/nginx-tmp"
  cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx-tmp;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  server {
    listen 127.0.0.1:$NPORT;
    default_type application/json;
    location / { return 200 '$BODY'; }
  }
}
CONF
}
