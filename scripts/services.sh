#!/usr/bin/env bash
# Makes the local services Hiregraph needs answer: PostgreSQL (with pgvector), NATS JetStream,
# Redis, and an S3 server. Idempotent: services that already answer are left alone. Used by
# `npm start`, `npm test` and .ci/run, so a bare machine of this kind needs nothing by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[services] $*"; }
answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_for() { # host port name
  for _ in $(seq 1 100); do answers "$1" "$2" && return 0; sleep 0.2; done
  log "$3 did not come up on $1:$2" >&2
  return 1
}

# PostgreSQL
if ! answers 127.0.0.1 5432; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -n | tail -n1)" main start
  wait_for 127.0.0.1 5432 PostgreSQL
fi
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_available_extensions where name = 'vector'" | grep -q 1; then
  bash scripts/install-pgvector.sh
fi

# Redis
if ! answers 127.0.0.1 6379; then
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for 127.0.0.1 6379 Redis
fi

# NATS with JetStream
if ! answers 127.0.0.1 4222; then
  log "starting NATS with JetStream"
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_for 127.0.0.1 4222 NATS
fi

# S3: s3rver on loopback unless an S3 endpoint (e.g. MinIO) is configured. Its data lives outside
# the checkout, so deleting a clone never leaves a running s3rver without its directory.
S3RVER_DIR=${S3RVER_DIR:-/var/tmp/hiregraph-s3rver}
s3_works() { # a bucket can be created and removed (s3rver checks no signatures); a name of its own,
  # so two runs probing at once never see each other's bucket and kill a working server
  local probe="hiregraph-probe-$$-$RANDOM"
  curl -sf -X PUT "http://127.0.0.1:9000/$probe" >/dev/null &&
    curl -sf -X DELETE "http://127.0.0.1:9000/$probe" >/dev/null
}
if [ -z "${S3_ENDPOINT:-}" ]; then
  if answers 127.0.0.1 9000 && ! s3_works; then
    log "the S3 server on 127.0.0.1:9000 does not work; restarting s3rver"
    pkill -f 's3rver/bin/s3rver.js' || true
    sleep 0.5
  fi
  if ! answers 127.0.0.1 9000; then
    log "starting s3rver on 127.0.0.1:9000 (data in $S3RVER_DIR)"
    mkdir -p "$S3RVER_DIR"
    # setsid: its own session, so it outlives the shell (or job group) that started it
    setsid nohup node node_modules/s3rver/bin/s3rver.js --address 127.0.0.1 --port 9000 \
      --directory "$S3RVER_DIR" --silent >"$S3RVER_DIR.log" 2>&1 &
    wait_for 127.0.0.1 9000 s3rver
  fi
fi
log "PostgreSQL, pgvector, Redis, NATS JetStream and S3 are ready"
