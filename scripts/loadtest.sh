#!/usr/bin/env bash
# make loadtest: the site as production runs it on ONE machine — nginx in front of two gunicorn app
# servers, one Celery worker, PostgreSQL and Redis — under the Locust scenarios of
# loadtest/locustfile.py, in steps of more and more visitors, then "a viral share" (1,000 visitors
# opening one product page within a minute). Loopback only; bounded in time (each step
# LOADTEST_STEP_SECONDS). Not in CI: it needs the whole machine (docs/loadtest.md says why).
#
# Writes loadtest/results/<UTC time>/: each step's Locust CSV files, the load average before each,
# the servers' logs, and summary.md (the table docs/loadtest.md is made from).
#
#   LOADTEST_USERS="100 200 400 800"  simultaneous visitors per step (70 % browse, 25 % search, 5 % buy)
#   LOADTEST_STEP_SECONDS=60         length of each step, after all its visitors have arrived
#   LOADTEST_PRODUCTS=1000           products in the test database (seed_demo --products)
#   LOADTEST_VIRAL_USERS=1000 LOADTEST_VIRAL_SECONDS=60
#   LOADTEST_GUNICORN_WORKERS=3      per app server (two servers)
#   LOADTEST_DATABASE_URL            default postgres://desbumi:desbumi@127.0.0.1:5432/desbumi_loadtest
#                                    (created and seeded when missing; LOADTEST_FRESH=1 drops it first)
#   LOADTEST_REDIS_URL               default redis://127.0.0.1:6379/9 (flushed at the start)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV_BIN=${VENV_BIN:-$ROOT/.venv/bin}
PY=$VENV_BIN/python
USERS=${LOADTEST_USERS:-100 200 400 800}
STEP_SECONDS=${LOADTEST_STEP_SECONDS:-60}
PRODUCTS=${LOADTEST_PRODUCTS:-1000}
VIRAL_USERS=${LOADTEST_VIRAL_USERS:-1000}
VIRAL_SECONDS=${LOADTEST_VIRAL_SECONDS:-60}
WORKERS=${LOADTEST_GUNICORN_WORKERS:-3}
DB_URL=${LOADTEST_DATABASE_URL:-postgres://desbumi:desbumi@127.0.0.1:5432/desbumi_loadtest}
REDIS=${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379/9}
OUT=$ROOT/loadtest/results/$(date -u +%Y%m%dT%H%M%SZ)
# The seeded photos, kept with the database between runs (both are reused).
MEDIA=${LOADTEST_MEDIA_ROOT:-$ROOT/loadtest/media}
say() { echo "loadtest: $*"; }

command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || {
    [ "$(id -u)" -eq 0 ] || { say "nginx is missing: apt-get install nginx"; exit 1; }
    say "apt-get install nginx"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
}
[ -x "$VENV_BIN/locust" ] || { say "locust is missing: $VENV_BIN/pip install -r requirements-dev.txt"; exit 1; }
mkdir -p "$OUT"/{static,mail,nginx} "$MEDIA"
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --------------------------------------------------------------------------- database
DB_NAME=${DB_URL##*/}
ADMIN_URL=${DB_URL%/*}/postgres
if [ "${LOADTEST_FRESH:-0}" = 1 ]; then
    say "dropping $DB_NAME"; psql -X -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)"
fi
if [ "$(psql -X -tA "$ADMIN_URL" -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
    say "creating $DB_NAME"; psql -X -q "$ADMIN_URL" -c "CREATE DATABASE \"$DB_NAME\""
fi
# Seeding runs in development mode (the demo app).
dev() { env DJANGO_DEBUG=1 DATABASE_URL="$DB_URL" REDIS_URL= DJANGO_MEDIA_ROOT="$MEDIA" "$@"; }
say "migrate"; dev "$PY" manage.py migrate --noinput -v0
say "seed_demo --products $PRODUCTS --orders 2000 (adds only what is missing)"
dev "$PY" manage.py seed_demo --products "$PRODUCTS" --orders 2000 >"$OUT/seed.log"
# Stock enough for every buyer of every step (the buyers' orders are real).
psql -X -q "$DB_URL" -c "UPDATE products_product SET stock = 1000000 WHERE status = 'published'"
say "$(psql -X -tA "$DB_URL" -c "SELECT count(*) || ' products, ' || (SELECT count(*) FROM orders_order) || ' orders' FROM products_product")"

# --------------------------------------------------------------------------- processes
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
NGINX_PORT=$(free_port)
prod_env=(
    DJANGO_DEBUG=0 DJANGO_DEMO=0 DJANGO_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
    DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SITE_URL="http://127.0.0.1:$NGINX_PORT"
    DATABASE_URL="$DB_URL" REDIS_URL="$REDIS" DJANGO_MEDIA_ROOT="$MEDIA" DJANGO_STATIC_ROOT="$OUT/static"
    # Plain HTTP on the loopback (no TLS to measure here): no redirect, cookies without Secure.
    DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SESSION_COOKIE_SECURE=0 DJANGO_CSRF_COOKIE_SECURE=0
    DJANGO_SECURE_HSTS_SECONDS=0 DJANGO_EMAIL=file DJANGO_EMAIL_FILE_PATH="$OUT/mail"
    GUNICORN_WORKERS="$WORKERS" GUNICORN_MAX_REQUESTS=20000
)
say "collectstatic"; env "${prod_env[@]}" "$PY" manage.py collectstatic --noinput -v0
"$VENV_BIN/python" -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$REDIS"

app_ports=()
for name in a b; do
    port=$(free_port); app_ports+=("$port")
    env "${prod_env[@]}" GUNICORN_BIND="127.0.0.1:$port" "$VENV_BIN/gunicorn" -c gunicorn.conf.py desbumi_market.wsgi \
        >"$OUT/gunicorn-$name.log" 2>&1 & pids+=($!)
done
env "${prod_env[@]}" "$VENV_BIN/celery" -A desbumi_market worker --concurrency 1 --loglevel WARNING \
    >"$OUT/worker.log" 2>&1 & pids+=($!)

# nginx as deploy/nginx-desbumi.conf has it (upstream of both servers, /media/ from disk), without
# TLS, on a free loopback port; its files in this run's folder.
cat >"$OUT/nginx/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
user root;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $OUT/nginx/body;
    proxy_temp_path $OUT/nginx/proxy;
    fastcgi_temp_path $OUT/nginx/fastcgi;
    uwsgi_temp_path $OUT/nginx/uwsgi;
    scgi_temp_path $OUT/nginx/scgi;
    upstream desbumi_app {
        server 127.0.0.1:${app_ports[0]};
        server 127.0.0.1:${app_ports[1]};
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location /media/ { alias $MEDIA/; add_header Cache-Control "public, max-age=31536000, immutable"; }
        location / {
            proxy_pass http://desbumi_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        }
    }
}
NGINX
/usr/sbin/nginx -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" & pids+=($!)
HOST=http://127.0.0.1:$NGINX_PORT
for _ in $(seq 90); do
    ok=0
    for port in "${app_ports[@]}"; do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] && ok=$((ok + 1))
    done
    [ "$ok" = 2 ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$HOST/")" = 200 ] && break
    sleep 1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$HOST/")" = 200 ] || { say "the site did not come up"; tail -20 "$OUT"/gunicorn-*.log; exit 1; }
say "nginx on $HOST, app servers on ${app_ports[*]} ($WORKERS workers each)"

# --------------------------------------------------------------------------- steps
{
    echo "cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
    echo "products: $(psql -X -tA "$DB_URL" -c "SELECT count(*) FROM products_product WHERE status = 'published'") published"
} >"$OUT/machine.txt"
# CPU time (clock ticks) our processes used: on a busy machine the response times measure the
# other processes too, but the CPU each request costs does not change; summary.py turns it into
# "requests per second one quiet 2-core machine can serve".
ticks() { local total=0 pid; for pid in "$@"; do [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$total"; }
children() { local pid; for pid in "$@"; do echo "$pid"; pgrep -P "$pid" || true; done; }
db_backends() { psql -X -tA "$DB_URL" -c "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"; }
cpu_now() {  # app servers, PostgreSQL backends, the rest (nginx, the Celery worker)
    echo "$(ticks $(children "${pids[0]}" "${pids[1]}")) $(ticks $(db_backends)) $(ticks $(children "${pids[@]:2}"))"
}
run_step() {  # run_step <label> <users> <spawn rate> <seconds> <ramp seconds> <locust options and classes...>
    local label=$1 users=$2 rate=$3 seconds=$4 ramp=$5; shift 5
    echo "$label $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
    say "step $label: $users visitors, ${seconds}s (load average $(cut -d' ' -f1 /proc/loadavg))"
    "$VENV_BIN/locust" -f loadtest/locustfile.py "$@" --headless --host "$HOST" -u "$users" -r "$rate" \
        -t "${seconds}s" --stop-timeout 10 --csv "$OUT/$label" --only-summary --loglevel WARNING \
        >"$OUT/$label.log" 2>&1 &
    local locust=$!
    # The CPU count starts when the statistics do (--reset-stats: once every visitor has arrived).
    sleep "$ramp"
    local before; before=$(cpu_now)
    wait "$locust" || true   # locust exits 1 when a request failed: the summary says so
    echo "$label $(getconf CLK_TCK) $before $(cpu_now)" >>"$OUT/cpu.txt"
}
for users in $USERS; do
    # Everyone arrives within 10 s; the statistics start once all are there.
    run_step "users-$users" "$users" "$(( (users + 9) / 10 ))" "$((STEP_SECONDS + 10))" 10 --reset-stats Browser Searcher Buyer
done
run_step viral "$VIRAL_USERS" "$(( (VIRAL_USERS + VIRAL_SECONDS - 1) / VIRAL_SECONDS ))" "$((VIRAL_SECONDS + 15))" 0 ViralVisitor
echo "after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
"$PY" loadtest/summary.py "$OUT" | tee "$OUT/summary.md"
say "results in $OUT"
