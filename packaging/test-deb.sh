#!/usr/bin/env bash
# The Debian package end to end, as root on Debian (CI): lintian, install, the unit's ExecStart run
# as the package's user (no systemd in CI), a block pushed and screened, a clean stop on SIGTERM,
# purge, and nothing left but the data directory. Bounded in time; cleans up after itself.
#   packaging/test-deb.sh [packaging/target/screening-filter.deb]
# Uses the packaged config's ports, 127.0.0.1:8700 and 8701: they must be free.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB=${1:-packaging/target/screening-filter.deb}
PKG=screening-filter
UNIT=/lib/systemd/system/$PKG.service
DATA=/var/lib/$PKG
ADMIN=http://127.0.0.1:8701
QUERY=http://127.0.0.1:8700
WORK=$(mktemp -d)
SERVER_PID=
JAVA_PID=

cleanup() {
    # the server first (runuser's child), then runuser: killing runuser alone leaves its child
    for pid in $JAVA_PID $SERVER_PID; do
        if kill -0 "$pid" 2> /dev/null; then
            kill -KILL "$pid" 2> /dev/null || true
        fi
    done
    sleep 0.5
    if dpkg -s "$PKG" > /dev/null 2>&1; then
        dpkg_waiting --purge "$PKG" > /dev/null || true
    fi
    rm -rf "$DATA" "$WORK"
    if getent passwd "$PKG" > /dev/null; then
        userdel "$PKG" 2> /dev/null || true
    fi
}
trap cleanup EXIT

# dpkg does not wait for its lock, which another apt run on the machine may hold for a while
dpkg_waiting() {
    for _ in $(seq 1 120); do
        if dpkg "$@" 2> "$WORK/dpkg-err"; then return 0; fi
        grep -q 'lock' "$WORK/dpkg-err" || { cat "$WORK/dpkg-err" >&2; return 1; }
        sleep 1
    done
    cat "$WORK/dpkg-err" >&2
    return 1
}
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
step() { echo "test-deb: $*"; }

# the clean-up purges the package and removes its data and user: never on a machine that has them
if dpkg -s "$PKG" > /dev/null 2>&1 || [ -e "$DATA" ] || getent passwd "$PKG" > /dev/null; then
    trap - EXIT; rm -rf "$WORK"
    fail "$PKG is installed here, or its data or user exists: run this on a machine without it"
fi
[ -f "$DEB" ] || fail "$DEB not found (build it with ./mvnw -B -pl packaging -am package)"
for port in 8700 8701; do
    if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then fail "port $port is in use"; fi
done

step "lintian (errors fail; warnings are overridden in the package, with their reasons)"
lintian --fail-on error --info "$DEB"

step "dpkg -i"
if ! dpkg_waiting -i "$DEB"; then
    DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 > /dev/null
fi
dpkg -s "$PKG" | grep -q '^Status: install ok installed' || fail "not installed"
dpkg -L "$PKG" > "$WORK/files"
getent passwd "$PKG" > /dev/null || fail "no system user $PKG"
[ "$(stat -c '%U %a' "$DATA")" = "$PKG 700" ] || fail "$DATA is not $PKG's alone: $(stat -c '%U %a' "$DATA")"
grep -qx /etc/$PKG/screening.yaml /var/lib/dpkg/info/$PKG.conffiles || fail "config is not a conffile"

if systemd-analyze verify "$UNIT" > "$WORK/verify" 2>&1; then
    step "systemd-analyze verify: clean"
else
    cat "$WORK/verify" >&2
    fail "systemd-analyze verify $UNIT"
fi
if systemd-analyze security --offline=yes "$UNIT" > "$WORK/security" 2>&1; then
    step "systemd-analyze security --offline=yes: $(tail -n 1 "$WORK/security")"
else
    step "note: systemd-analyze security --offline=yes did not run here: $(tail -n 1 "$WORK/security")"
fi

# the unit's command and environment, read from the installed unit, run as its user and in its
# working directory
EXEC=$(sed -n 's/^ExecStart=//p' "$UNIT")
# one assignment per Environment= line, in double quotes when its value has spaces (as systemd reads it)
ENVIRON=()
while IFS= read -r assignment; do
    assignment=${assignment#\"}; assignment=${assignment%\"}
    ENVIRON+=("$assignment")
done < <(sed -n 's/^Environment=//p' "$UNIT")
WORKDIR=$(sed -n 's/^WorkingDirectory=//p' "$UNIT")
[ -n "$EXEC" ] || fail "no ExecStart in $UNIT"
step "run as $PKG: ${ENVIRON[*]} $EXEC"
(cd "$WORKDIR" && exec runuser -u "$PKG" -- env "${ENVIRON[@]}" $EXEC) > "$WORK/out" 2> "$WORK/err" &
SERVER_PID=$!

for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$ADMIN/health/ready" 2> /dev/null; then break; fi
    kill -0 "$SERVER_PID" 2> /dev/null || { cat "$WORK/out" "$WORK/err" >&2; fail "the server exited"; }
    sleep 0.5
done
curl -fsS "$ADMIN/health/ready" > /dev/null || { cat "$WORK/out" "$WORK/err" >&2; fail "not ready within 60 s"; }
curl -fsS "$QUERY/health/live" > /dev/null || fail "query port not live"
# runuser forks the command (the wrapper execs java): that child is what systemd would run as the
# unit's main process, and what gets the stop signal
JAVA_PID=$(pgrep -P "$SERVER_PID" -n) || fail "no process under runuser"
[ "$(ps -o uid= -p "$JAVA_PID" | tr -d " ")" = "$(id -u "$PKG")" ] || fail "the server does not run as $PKG"
step "ready; pid $JAVA_PID runs as $PKG"

TOKEN=$(sed -n 's/^admin: no tokens configured; .*: //p' "$WORK/out")
[ -n "$TOKEN" ] || fail "no admin token printed"
code=$(curl -sS -o "$WORK/add" -w '%{http_code}' -X POST "$ADMIN/admin/v1/entries" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"id":"DEB-TEST-1","action":"BLOCK","match":"EXACT","number":"07700 900321","scope":"NATIONAL","reason":"VICTIM_REQUEST","reference":"DEB-TEST"}')
[ "$code" = 201 ] || { cat "$WORK/add" >&2; fail "POST entry: $code"; }
curl -fsS "$QUERY/v1/screen?pin=1234&number=07700900321" > "$WORK/deny"
grep -q '"decision":"DENY","reason":"BLOCKED","ref":"DEB-TEST-1"' "$WORK/deny" || fail "screen: $(cat "$WORK/deny")"
curl -fsS "$QUERY/v1/screen?pin=1234&number=07700900322" > "$WORK/allow"
grep -q '"decision":"ALLOW","reason":"NOT_BLOCKED"' "$WORK/allow" || fail "screen: $(cat "$WORK/allow")"
step "screen: $(cat "$WORK/deny")"
curl -fsS "$ADMIN/metrics" > "$WORK/metrics"
grep -q '^screening_contact_attempts_total 1' "$WORK/metrics" || fail "metrics: no contact attempt counted"

step "SIGTERM"
kill -TERM "$JAVA_PID"
# runuser exits with its child's status; the unit allows TimeoutStopSec
STOP_LIMIT=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)$/\1/p' "$UNIT")
for _ in $(seq 1 $((STOP_LIMIT * 2))); do
    kill -0 "$SERVER_PID" 2> /dev/null || break
    sleep 0.5
done
kill -0 "$SERVER_PID" 2> /dev/null && fail "still running ${STOP_LIMIT} s after SIGTERM"
status=0; wait "$SERVER_PID" || status=$?
SERVER_PID=
JAVA_PID=
[ "$status" = 0 ] || { cat "$WORK/err" >&2; fail "exit status $status after SIGTERM"; }
grep -q 'screening-server: stopped' "$WORK/out" || fail "no clean stop in the output"
step "stopped cleanly, exit 0"
[ -s "$DATA/audit.log" ] || fail "no audit log in $DATA"
[ "$(stat -c %U "$DATA/audit.log")" = "$PKG" ] || fail "audit.log not owned by $PKG"

step "dpkg --purge"
dpkg_waiting --purge "$PKG"
left=0
while IFS= read -r path; do
    case "$path" in
        /usr/share/$PKG*|/etc/$PKG*|/usr/share/doc/$PKG*|/usr/bin/$PKG|$UNIT|/usr/share/lintian/overrides/$PKG)
            if [ -e "$path" ]; then echo "left: $path" >&2; left=1; fi ;;
    esac
done < "$WORK/files"
find /etc /usr /lib /var /opt /run -xdev -name "*$PKG*" -not -path "$DATA" -not -path "$DATA/*" \
    > "$WORK/found" 2> /dev/null || true
if [ -s "$WORK/found" ]; then cat "$WORK/found" >&2; left=1; fi
[ "$left" = 0 ] || fail "files left after purge"
[ -s "$DATA/audit.log" ] || fail "purge removed the data directory"
step "purged: nothing left but $DATA"
echo "test-deb: 1 passed, 0 failed"
