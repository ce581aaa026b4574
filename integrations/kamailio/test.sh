#!/usr/bin/env bash
# The Kamailio integration, end to end: two real filter nodes (the built jar), Kamailio with
# kamailio.cfg, a SIPp UAS as the far end, and SIPp UAC scenarios through the proxy:
#   1. allowed calls connect (200), and the far end never sees the X-PIN header;
#   2. a blocked number in several dialled formats, a PIN-scoped block, non-numbers, no PIN: 403 and
#      the reason;
#   3. node A stopped (SIGSTOP, so its port still accepts): calls wait for the timeout, then node B;
#   4. 1,000 calls at 100/s while node A is killed with kill -9 in the middle: no blocked number
#      reaches the far end, and the calls that failed are counted (at most the calls in flight);
#   5. both nodes down: 503.
# Exits non-zero on any failure. Binds 127.0.0.1 only; every process it starts is killed on exit.
#
# Needs: the jar (./mvnw -pl screening-server -am package), and Debian's kamailio,
# kamailio-utils-modules, kamailio-json-modules and sip-tester. Ports: SCREENING_TEST_PORT_BASE
# (default 27100) to base + 90. KEEP_WORK=1 keeps the work directory (logs, SIP traces).
set -euo pipefail

cd "$(dirname "$0")/../.."
HERE=integrations/kamailio
JAR=screening-server/target/screening-server.jar
BASE=${SCREENING_TEST_PORT_BASE:-27100}
QUERY_A=$BASE ADMIN_A=$((BASE + 1)) QUERY_B=$((BASE + 10)) ADMIN_B=$((BASE + 11))
SIP=$((BASE + 60)) UAS=$((BASE + 80)) UAC=$((BASE + 70))
CHILDREN=8 # Kamailio's SIP workers: each has at most one screening request in flight

for tool in java kamailio sipp curl ss; do
    command -v "$tool" >/dev/null || { echo "test.sh: $tool is not installed" >&2; exit 2; }
done
[[ -f $JAR ]] || { echo "test.sh: no $JAR; build it first (./mvnw -pl screening-server -am package)" >&2; exit 2; }
for port in $QUERY_A $ADMIN_A $QUERY_B $ADMIN_B $SIP $UAS $UAC $((UAC + 1)) $((UAC + 2)); do
    if ss -Htuln "sport = :$port" | grep -q .; then
        echo "test.sh: port $port is in use; set SCREENING_TEST_PORT_BASE" >&2
        exit 2
    fi
done

WORK=$(mktemp -d /tmp/screening-kamailio.XXXXXX)
PIDS=()
cleanup() {
    local rc=$?
    for pid in "${PIDS[@]}"; do
        kill -CONT "$pid" 2>/dev/null || true
        kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [[ $rc -ne 0 || ${KEEP_WORK:-0} == 1 ]]; then
        echo "test.sh: logs and SIP traces kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# the whole run is bounded: a stuck step ends the test, it does not hang CI
setsid bash -c "sleep 240; echo 'test.sh: over 240 s, giving up' >&2; kill -TERM $$" &
PIDS+=($!)

FAILED=0
fail() {
    echo "FAIL: $*" >&2
    FAILED=1
}
pass() {
    echo "ok: $*"
}

# --- the register: drama numbers only -------------------------------------------------------
# blocked for the establishment: 07700 900100-900109; for PIN 5555 only: 0113 496 0999
{
    echo "id,action,match,number,scope,establishment,pin,validFrom,validUntil,reason,reference,note"
    for i in $(seq 100 109); do
        echo "SPC-TEST-$i,BLOCK,EXACT,07700 900$i,NATIONAL,,,,,VICTIM_REQUEST,SPC/TEST/$i,"
    done
    echo "SPC-TEST-PIN,BLOCK,EXACT,0113 496 0999,PIN,,5555,,,COURT_ORDER,SPC/TEST/PIN,"
} > "$WORK/national.csv"
java -jar "$JAR" register build --from "$WORK/national.csv" --source national --version 1 \
    --out "$WORK/national.ndjson" > "$WORK/register-build.log" 2>&1

node_config() { # name query-port admin-port
    cat > "$WORK/$1.yaml" <<EOF
establishment: HULL
query:
  bind: 127.0.0.1
  port: $2
admin:
  bind: 127.0.0.1
  port: $3
register:
  sources:
    - name: national
      url: "file:$WORK/national.ndjson"
      pollInterval: 5s
dataDir: $WORK/data-$1
EOF
}
start_node() { # name
    setsid java -Xmx256m -XX:+UseSerialGC -jar "$JAR" serve --config "$WORK/$1.yaml" > "$WORK/node-$1.log" 2>&1 &
    PIDS+=($!)
    eval "NODE_PID_$1=$!"
    disown $! # its kill -9 is the test's doing: no job-control notice
}
wait_ready() { # name query-port
    for _ in $(seq 1 120); do
        if curl -fs "http://127.0.0.1:$2/health/ready" > /dev/null; then
            return 0
        fi
        sleep 0.5
    done
    echo "test.sh: node $1 not ready after 60 s:" >&2
    tail -20 "$WORK/node-$1.log" >&2
    exit 1
}
node_config a "$QUERY_A" "$ADMIN_A"
node_config b "$QUERY_B" "$ADMIN_B"
start_node a
start_node b

# --- the far end and the proxy ----------------------------------------------------------------
setsid sipp -sf "$HERE/sipp/uas.xml" -i 127.0.0.1 -p "$UAS" -nostdin -trace_msg -message_file "$WORK/uas-messages.log" \
    > "$WORK/uas.out" 2>&1 &
PIDS+=($!)

setsid kamailio -DD -E -f "$HERE/kamailio.cfg" -Y "$WORK" -m 64 -M 8 \
    -A "SIP_LISTEN=udp:127.0.0.1:$SIP" \
    -A "SCREEN_NODE_A=\"screen_a=>http://127.0.0.1:$QUERY_A;timeout=1\"" \
    -A "SCREEN_NODE_B=\"screen_b=>http://127.0.0.1:$QUERY_B;timeout=1\"" \
    -A "FAR_END=\"sip:127.0.0.1:$UAS\"" \
    -A "SIP_CHILDREN=$CHILDREN" \
    > "$WORK/kamailio.log" 2>&1 &
PIDS+=($!)

wait_ready a "$QUERY_A"
wait_ready b "$QUERY_B"
for _ in $(seq 1 40); do
    ss -Huln "sport = :$SIP" | grep -q . && break
    sleep 0.25
done
ss -Huln "sport = :$SIP" | grep -q . || { echo "test.sh: kamailio is not listening:" >&2; tail -20 "$WORK/kamailio.log" >&2; exit 1; }
echo "nodes a (:$QUERY_A) and b (:$QUERY_B) ready, kamailio on :$SIP, far end on :$UAS"

# --- SIPp runs ----------------------------------------------------------------------------------
# inject CALLS PIN;number (the number as it goes in the Request-URI: spaces and # escaped)
inject() { # file line...
    local f=$WORK/$1
    shift
    printf 'SEQUENTIAL\n' > "$f"
    printf '%s\n' "$@" >> "$f"
}
# start_uac NAME SCENARIO INJECTION CALLS RATE LOCAL-PORT: starts a UAC run, its pid in UAC_PID;
# its statistics go to $WORK/NAME.csv
start_uac() {
    local name=$1 scenario=$2 inf=$3 calls=$4 rate=$5 port=$6
    setsid timeout 90 sipp "127.0.0.1:$SIP" -sf "$scenario" -inf "$WORK/$inf" -i 127.0.0.1 -p "$port" \
        -m "$calls" -r "$rate" -rp 1000 -nostdin -recv_timeout 5000 -timeout 80 \
        -trace_stat -stf "$WORK/$name.csv" -trace_msg -message_file "$WORK/$name-messages.log" \
        -trace_err -error_file "$WORK/$name-errors.log" > "$WORK/$name.out" 2>&1 &
    UAC_PID=$!
    PIDS+=("$UAC_PID")
}
run_uac() { # as start_uac, and waits for the run to end
    start_uac "$@"
    wait "$UAC_PID" || true
}
# counter NAME COLUMN: a counter from the last line of a run's statistics
counter() {
    awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
        END { print (c ? $c : "?") }' "$WORK/$1.csv"
}
expect_all() { # NAME CALLS what
    local ok failed
    ok=$(counter "$1" 'SuccessfulCall(C)')
    failed=$(counter "$1" 'FailedCall(C)')
    if [[ $ok == "$2" && $failed == 0 ]]; then
        pass "$3: $ok/$2"
    else
        fail "$3: $ok of $2 as expected, $failed failed (see $1-errors.log)"
    fi
}

SCEN_OK=$HERE/sipp/uac-connected.xml
SCEN_403=$HERE/sipp/uac-refused.xml
SCEN_503=$WORK/uac-refused-503.xml
sed 's/response="403"/response="503"/; s/a 403, then/a 503, then/' "$SCEN_403" > "$SCEN_503"

# 1. allowed calls connect
inject allowed.csv '1234;07700900500' '1234;+447700900501' '1234;00447700900502' '1234;01134960500' \
    '1234;02079460500' '1234;01632960500' '1234;01134960999' '9876;07700900503'
run_uac allowed "$SCEN_OK" allowed.csv 8 20 "$UAC"
expect_all allowed 8 "allowed calls connect (200)"

# 2. refused: one blocked number dialled seven ways, a PIN-scoped block, a string that is no
# number, a character no keypad dials (refused by Kamailio itself), an empty X-PIN
inject blocked.csv '1234;07700900101' '1234;+447700900101' '1234;00447700900101' \
    '1234;+44(0)7700900101' '1234;07700-900-101' '1234;141%2007700%20900101' \
    '1234;%2331%2307700900101' '5555;01134960999' '1234;07700900abc' '1234;07700%22900123' \
    ';07700900520'
run_uac blocked "$SCEN_403" blocked.csv 11 20 $((UAC + 1))
expect_all blocked 11 "blocked number in seven formats, PIN block, non-numbers, no PIN: 403"
reasons=$(grep -c '^SIP/2.0 403 BLOCKED' "$WORK/blocked-messages.log" || true)
invalid=$(grep -c '^SIP/2.0 403 INVALID_NUMBER' "$WORK/blocked-messages.log" || true)
no_pin=$(grep -c '^SIP/2.0 403 PIN_REQUIRED' "$WORK/blocked-messages.log" || true)
if [[ $reasons == 8 && $invalid == 2 && $no_pin == 1 ]]; then
    pass "reason phrases: 8 x '403 BLOCKED', 2 x '403 INVALID_NUMBER', 1 x '403 PIN_REQUIRED'"
else
    fail "reason phrases: $reasons x '403 BLOCKED' (want 8), $invalid x '403 INVALID_NUMBER' (want 2)," \
        "$no_pin x '403 PIN_REQUIRED' (want 1)"
fi

# 3. node A hung: its port accepts, nothing answers; each call waits the 1 s timeout, then B
kill -STOP "$NODE_PID_a"
inject hung.csv '1234;07700900510' '1234;07700900511' '1234;07700900512'
start=$(date +%s%N)
run_uac hung "$SCEN_OK" hung.csv 3 1 $((UAC + 2))
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_all hung 3 "node A stopped: calls connect through node B after the timeout (${elapsed_ms} ms for 3)"
inject hung-blocked.csv '1234;07700900102'
run_uac hung-blocked "$SCEN_403" hung-blocked.csv 1 1 $((UAC + 2))
expect_all hung-blocked 1 "node A stopped: a blocked number is refused by node B"
kill -CONT "$NODE_PID_a"
wait_ready a "$QUERY_A"

# 4. 1,000 calls at 100/s (900 allowed at 90/s, 100 blocked at 10/s); kill -9 of node A at 5 s
allowed_lines=()
for i in $(seq 0 899); do
    allowed_lines+=("$((1000 + i % 500));07700900$((500 + i % 400))")
done
inject load-allowed.csv "${allowed_lines[@]}"
blocked_lines=()
formats=('07700900%s' '+447700900%s' '00447700900%s' '+44(0)7700900%s' '07700-900-%s')
for i in $(seq 0 99); do
    # shellcheck disable=SC2059
    blocked_lines+=("$((1000 + i));$(printf "${formats[i % 5]}" $((100 + i % 10)))")
done
inject load-blocked.csv "${blocked_lines[@]}"
uas_before=$(wc -l < "$WORK/uas-messages.log")
start_uac load-allowed "$SCEN_OK" load-allowed.csv 900 90 "$UAC"
load_allowed=$UAC_PID
start_uac load-blocked "$SCEN_403" load-blocked.csv 100 10 $((UAC + 1))
load_blocked=$UAC_PID
sleep 5
kill -9 "$NODE_PID_a"
echo "node A killed (kill -9) at 5 s"
wait "$load_allowed" || true
wait "$load_blocked" || true
ok_a=$(counter load-allowed 'SuccessfulCall(C)')
failed_a=$(counter load-allowed 'FailedCall(C)')
ok_b=$(counter load-blocked 'SuccessfulCall(C)')
failed_b=$(counter load-blocked 'FailedCall(C)')
failed_total=$((failed_a + failed_b))
# curl's 52 (empty reply) and 56 (receive failure): questions A was answering when it was killed
cut_off=$(grep -cE 'node a gave no decision \(code 5[26]\)' "$WORK/kamailio.log" || true)
echo "failover run: allowed $ok_a connected, $failed_a failed; blocked $ok_b refused, $failed_b failed;" \
    "failed in all: $failed_total of 1000; $cut_off questions cut off by the kill, answered by node B"
if (( ok_a + failed_a != 900 || ok_b + failed_b != 100 )); then
    fail "failover run: not every call finished ($((ok_a + failed_a))/900, $((ok_b + failed_b))/100)"
elif (( failed_total > CHILDREN )); then
    fail "failover run: $failed_total calls failed, more than the $CHILDREN that can be in flight at the kill"
else
    pass "failover run: $failed_total calls failed (at most $CHILDREN were in flight at the kill)"
fi

# the far end's own record: no INVITE for a blocked number, ever; no PIN leaves the prison
blocked_at_far_end=$(grep '^INVITE sip:' "$WORK/uas-messages.log" \
    | sed -E 's/^INVITE sip:([^@]*)@.*/\1/; s/%20//g; s/[^0-9]//g' \
    | grep -cE '7700900(10[0-9])$' || true)
invites=$(tail -n +"$((uas_before + 1))" "$WORK/uas-messages.log" | grep -c '^INVITE sip:' || true)
if [[ $blocked_at_far_end == 0 ]]; then
    pass "no blocked number reached the far end ($invites INVITEs there during the failover run)"
else
    fail "$blocked_at_far_end INVITEs for a blocked number reached the far end"
fi
if grep -qi '^X-PIN' "$WORK/uas-messages.log"; then
    fail "the far end saw an X-PIN header"
else
    pass "the far end never saw an X-PIN header"
fi
if grep -qE '7700 ?900 ?1[0-9][0-9]|01134960999' "$WORK/kamailio.log"; then
    fail "kamailio.log holds a dialled number"
else
    pass "kamailio.log holds no dialled number"
fi

# 5. both nodes down
kill -9 "$NODE_PID_b"
inject down.csv '1234;07700900520' '1234;07700900103'
run_uac down "$SCEN_503" down.csv 2 2 $((UAC + 2))
expect_all down 2 "both nodes down: 503"

if [[ $FAILED != 0 ]]; then
    echo "kamailio integration test: FAILED"
    exit 1
fi
echo "kamailio integration test: passed"
