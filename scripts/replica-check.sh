#!/usr/bin/env bash
# make replica-check: a real PostgreSQL primary and streaming replica, private to this run (own data
# folders in a temporary directory, own loopback ports), then scripts/replica_check.py against them.
# Never touches the machine's own PostgreSQL cluster. Needs root (the servers run as `postgres`) and
# PostgreSQL's server binaries (Debian's postgresql package).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${VENV_BIN:-$ROOT/.venv/bin}/python
say() { echo "replica-check: $*"; }

[ "$(id -u)" -eq 0 ] || { say "run as root (the servers run as the postgres user)"; exit 1; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] || { say "PostgreSQL server binaries are missing: apt-get install postgresql"; exit 1; }
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_pg() { (cd / && runuser -u postgres -- "$@"); }

DIR=$(mktemp -d /tmp/desbumi-replica.XXXXXX)
chmod 755 "$DIR"; chown postgres:postgres "$DIR"
PRIMARY=$DIR/primary REPLICA=$DIR/replica
P1=$(free_port) P2=$(free_port)
stop_all() {
    for data in "$REPLICA" "$PRIMARY"; do
        [ -f "$data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    done
    rm -rf "$DIR"
}
trap stop_all EXIT

say "primary on 127.0.0.1:$P1 ($DIR)"
as_pg "$PGBIN/initdb" -D "$PRIMARY" -A trust -U postgres >"$DIR/initdb.log"
cat >>"$PRIMARY/postgresql.conf" <<CONF
port = $P1
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
wal_level = replica
max_wal_senders = 4
fsync = off
CONF
echo "host replication postgres 127.0.0.1/32 trust" >>"$PRIMARY/pg_hba.conf"
as_pg "$PGBIN/pg_ctl" -D "$PRIMARY" -l "$DIR/primary.log" -w start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$P1" -U postgres desbumi

say "replica on 127.0.0.1:$P2 (pg_basebackup -R: streaming from the primary)"
as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U postgres -D "$REPLICA" -R
echo "port = $P2" >>"$REPLICA/postgresql.conf"
as_pg "$PGBIN/pg_ctl" -D "$REPLICA" -l "$DIR/replica.log" -w start >/dev/null

say "the app with DATABASE_URL → primary, DATABASE_REPLICA_URL → replica"
env -u REDIS_URL -u CELERY_BROKER_URL DJANGO_DEBUG=1 \
    DATABASE_URL="postgres://postgres@127.0.0.1:$P1/desbumi" \
    DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$P2/desbumi" \
    DJANGO_MEDIA_ROOT="$DIR/media" \
    "$PY" scripts/replica_check.py
