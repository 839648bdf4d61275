#!/usr/bin/env bash
# Make sure the services the test suite needs are there, reusing running ones:
#   PostgreSQL on 127.0.0.1:5432 with role/database desbumi (password desbumi, CREATEDB),
#   Redis on 127.0.0.1:6379, PgBouncer on 127.0.0.1:6432 (transaction pooling in front of that
#   PostgreSQL), Debian's chromium (browser tests), nginx (installed only: the tests that need it
#   start their own on a free port), gettext (msgfmt).
# Never stops or restarts a running service. A service that cannot be had is an error
# when CI=true, otherwise a loud warning (the tests needing it skip/fail on their own).
set -uo pipefail

export DEBIAN_FRONTEND=noninteractive
PG_HOST=127.0.0.1 PG_PORT=5432 REDIS_HOST=127.0.0.1 REDIS_PORT=6379 PGBOUNCER_PORT=6432
failures=()
is_root() { [ "$(id -u)" -eq 0 ]; }
say() { echo "services: $*"; }

# apt-get install, running `apt-get update` at most once per invocation.
apt_updated=
apt_install() {
    if ! is_root; then say "not root: cannot apt-get install $*"; return 1; fi
    if [ -z "$apt_updated" ]; then say "apt-get update"; apt-get update -qq && apt_updated=1 || return 1; fi
    say "apt-get install $*"
    apt-get install -y -qq "$@" >/dev/null
}

# wait_for <what> <command...>: retry the command for up to ~30 s.
wait_for() {
    local what=$1; shift
    for _ in $(seq 30); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
    say "$what did not answer within 30 s"; return 1
}

# ---------------------------------------------------------------- PostgreSQL
pg_ready() { command -v pg_isready >/dev/null && pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2; }
as_postgres() { (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"); }

ensure_postgres() {
    if pg_ready; then say "PostgreSQL already running on $PG_HOST:$PG_PORT (reused)"
    else
        if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
            apt_install postgresql || { say "could not install postgresql"; return 1; }
        fi
        if ! pg_ready; then   # apt does not start services here (policy-rc.d): start the cluster ourselves
            is_root || { say "PostgreSQL is not reachable on $PG_HOST:$PG_PORT and we are not root to start it"; return 1; }
            local ver; ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
            [ -d "/etc/postgresql/$ver/main" ] || pg_createcluster "$ver" main
            say "starting PostgreSQL $ver/main"
            pg_ctlcluster --skip-systemctl-redirect "$ver" main start
            wait_for PostgreSQL pg_ready || return 1
        fi
    fi

    # Role and database (the password also covers scram auth for 127.0.0.1 in pg_hba).
    if is_root; then
        if [ "$(as_postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'desbumi'")" != 1 ]; then
            say "creating role desbumi"
            as_postgres -c "CREATE ROLE desbumi LOGIN CREATEDB PASSWORD 'desbumi'" || return 1
        else
            # CREATEDB lets pytest-django create its test databases.
            as_postgres -c "ALTER ROLE desbumi LOGIN CREATEDB PASSWORD 'desbumi'" || return 1
        fi
        if [ "$(as_postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'desbumi'")" != 1 ]; then
            say "creating database desbumi"
            as_postgres -c "CREATE DATABASE desbumi OWNER desbumi" || return 1
        fi
    fi
    if PGPASSWORD=desbumi PGCONNECT_TIMEOUT=5 psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U desbumi -d desbumi -tAc 'SELECT 1' >/dev/null 2>&1; then
        say "PostgreSQL ok: postgres://desbumi:***@$PG_HOST:$PG_PORT/desbumi"
    else
        say "cannot log in as desbumi to database desbumi on $PG_HOST:$PG_PORT$(is_root || echo ' (not root: create the role/database yourself)')"
        return 1
    fi
}

# --------------------------------------------------------------------- Redis
redis_ready() { [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

ensure_redis() {
    command -v redis-cli >/dev/null || apt_install redis-tools || { say "could not install redis-tools (redis-cli)"; return 1; }
    if redis_ready; then say "Redis already running on $REDIS_HOST:$REDIS_PORT (reused)"; return 0; fi
    command -v redis-server >/dev/null || apt_install redis-server || { say "could not install redis-server"; return 1; }
    say "starting redis-server on $REDIS_HOST:$REDIS_PORT (no persistence)"
    (cd / && redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save '' --appendonly no) >/dev/null
    wait_for Redis redis_ready && say "Redis ok"
}

# ------------------------------------------------------------------- PgBouncer
pgbouncer_ready() {
    PGPASSWORD=desbumi PGCONNECT_TIMEOUT=3 psql -X -q -h "$PG_HOST" -p "$PGBOUNCER_PORT" -U desbumi -d desbumi \
        -tAc 'SELECT 1' >/dev/null 2>&1
}

# Transaction pooling, as in production behind a pooler (README "Growing past one server"): every
# database of the server through one entry (`*`), so the tests' own databases pass too. PgBouncer
# refuses to run as root: it runs as postgres, with an auth_file even for one user. Its files live
# in a folder of its own, never Debian's /etc/pgbouncer.
ensure_pgbouncer() {
    if pgbouncer_ready; then say "PgBouncer already running on $PG_HOST:$PGBOUNCER_PORT (reused)"; return 0; fi
    [ -x /usr/sbin/pgbouncer ] || apt_install pgbouncer || { say "could not install pgbouncer"; return 1; }
    is_root || { say "PgBouncer is not running on $PG_HOST:$PGBOUNCER_PORT and we are not root to start it"; return 1; }
    local dir=/var/lib/postgresql/desbumi-pgbouncer
    install -d -m 700 -o postgres -g postgres "$dir" || return 1
    printf '%s\n' \
        '[databases]' \
        "* = host=$PG_HOST port=$PG_PORT" \
        '[pgbouncer]' \
        "listen_addr = $PG_HOST" \
        "listen_port = $PGBOUNCER_PORT" \
        'unix_socket_dir =' \
        'auth_type = scram-sha-256' \
        "auth_file = $dir/userlist.txt" \
        'pool_mode = transaction' \
        'max_client_conn = 400' \
        'default_pool_size = 20' \
        'ignore_startup_parameters = extra_float_digits' \
        'stats_users = desbumi' \
        "logfile = $dir/pgbouncer.log" \
        "pidfile = $dir/pgbouncer.pid" >"$dir/pgbouncer.ini" || return 1
    printf '"desbumi" "desbumi"\n' >"$dir/userlist.txt" || return 1
    chown postgres:postgres "$dir/pgbouncer.ini" "$dir/userlist.txt" && chmod 600 "$dir/pgbouncer.ini" "$dir/userlist.txt" || return 1
    say "starting pgbouncer on $PG_HOST:$PGBOUNCER_PORT (transaction pooling)"
    (cd / && runuser -u postgres -- /usr/sbin/pgbouncer -d "$dir/pgbouncer.ini") || return 1
    wait_for PgBouncer pgbouncer_ready && say "PgBouncer ok: postgres://desbumi:***@$PG_HOST:$PGBOUNCER_PORT/desbumi"
}

# ------------------------------------------------------------ Chromium, gettext
ensure_chromium() {
    command -v chromium >/dev/null || apt_install chromium || { say "could not install chromium"; return 1; }
    say "chromium ok: $(command -v chromium)"
}

# --------------------------------------------------------------------- nginx
# Installed, never configured or started here: tests/deploy start their own, with a config of
# their own on a free port (error pages, private files through X-Accel-Redirect).
ensure_nginx() {
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_install nginx || { say "could not install nginx"; return 1; }
    say "nginx ok: $(command -v nginx || echo /usr/sbin/nginx)"
}

ensure_postgres || failures+=("PostgreSQL on $PG_HOST:$PG_PORT (role/db desbumi)")
ensure_redis    || failures+=("Redis on $REDIS_HOST:$REDIS_PORT")
ensure_pgbouncer || failures+=("PgBouncer on $PG_HOST:$PGBOUNCER_PORT (transaction pooling)")
ensure_chromium || failures+=("chromium (browser tests)")
ensure_nginx    || failures+=("nginx (tests/deploy: error pages, private files)")
# gettext is only needed to recompile translations (the .mo files are committed): warn only.
command -v msgfmt >/dev/null || apt_install gettext || say "warning: gettext (msgfmt) not available"

if [ ${#failures[@]} -gt 0 ]; then
    if [ "${CI:-}" = true ]; then
        printf 'services: ERROR: missing in CI: %s\n' "${failures[@]}" >&2
        exit 1
    fi
    printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '!!! WARNING: not available: %s\n' "${failures[@]}" >&2
    printf '!!! Tests that need it will skip or fail. Continuing (CI is not true).\n' >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
fi
exit 0
