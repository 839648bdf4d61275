#!/usr/bin/env bash
# `make bench`: fill a fresh PostgreSQL database to a size, serve it with production settings under
# gunicorn, load it with wrk and print, per page, queries, median and p95 ms, req/s and req/s ÷ a
# bare Django view served by the same gunicorn in the same run (docs/performance.md).
#
#   bash scripts/bench.sh [PRODUCTS...]          e.g. bash scripts/bench.sh 1000 20000
#
# Environment: BENCH_DATABASE_URL (a database this script DROPS and recreates; default
# postgres://desbumi:desbumi@127.0.0.1:5432/desbumi_bench), BENCH_REDIS_URL (default
# redis://127.0.0.1:6379/0), BENCH_ORDERS (orders to add, default PRODUCTS/5), and for
# scripts/bench_run.py: BENCH_ARGS (e.g. "--workers 3 --duration 10 --rounds 3").
# BENCH_SEED=0 keeps the database as a previous run filled it (one size only: seeding 100,000
# products takes many minutes), so that pages can be measured again after a change.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
DB_URL=${BENCH_DATABASE_URL:-postgres://desbumi:desbumi@127.0.0.1:5432/desbumi_bench}
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}
SIZES=("${@:-1000}")
OUT=${BENCH_OUT:-bench-results}
mkdir -p "$OUT"

echo "==> PostgreSQL, Redis (scripts/services.sh) and wrk"
bash scripts/services.sh >/dev/null
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then echo "wrk is missing: apt-get install wrk" >&2; exit 1; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

db_name=${DB_URL##*/}
admin_url=${DB_URL%/*}/postgres
export DJANGO_STATIC_ROOT=${DJANGO_STATIC_ROOT:-$PWD/staticfiles}

for n in "${SIZES[@]}"; do
    orders=${BENCH_ORDERS:-$((n / 5))}
    if [ "${BENCH_SEED:-1}" = 0 ]; then
        echo "==> Database $db_name as it is (BENCH_SEED=0): it should hold $n products"
        DATABASE_URL=$DB_URL DJANGO_DEBUG=1 "$PY" manage.py migrate --noinput -v0  # new migrations only
    else
    echo "==> Fresh database $db_name with $n products and $orders orders"
    "$PY" - "$admin_url" "$db_name" <<'PYEOF'
import sys, psycopg2
conn = psycopg2.connect(sys.argv[1]); conn.autocommit = True
with conn.cursor() as cur:
    cur.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
    cur.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PYEOF
    DATABASE_URL=$DB_URL DJANGO_DEBUG=1 "$PY" manage.py migrate --noinput -v0
    DATABASE_URL=$DB_URL REDIS_URL=$REDIS DJANGO_DEBUG=1 CELERY_TASK_ALWAYS_EAGER=1 \
        DJANGO_MEDIA_ROOT="$PWD/$OUT/media" \
        "$PY" manage.py seed_demo --quiet --products "$n" --orders "$orders" >/dev/null
    fi
    # Planner statistics, as autovacuum gives a production database after a bulk load. Without
    # them (autovacuum off, as on a test machine) PostgreSQL takes the bulk-filled tables for
    # empty and sorts every published product to show a page of 12.
    echo "==> ANALYZE"
    "$PY" - "$DB_URL" <<'PYEOF'
import sys, psycopg2
conn = psycopg2.connect(sys.argv[1]); conn.autocommit = True
with conn.cursor() as cur:
    cur.execute("ANALYZE")
PYEOF
    DATABASE_URL=$DB_URL REDIS_URL=$REDIS DJANGO_DEBUG=1 "$PY" manage.py shell -v0 -c "from core.pagecache import _bump; _bump()" \
        >/dev/null 2>&1 || true
    echo "==> collectstatic (production storage: hashed names, gzip and brotli)"
    DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SITE_URL=https://127.0.0.1 \
        DATABASE_URL=$DB_URL "$PY" manage.py collectstatic --noinput -v0
    echo "==> Load ($n products)"
    # shellcheck disable=SC2086
    "$PY" scripts/bench_run.py --database-url "$DB_URL" --redis-url "$REDIS" \
        --label "$n products" --json "$OUT/bench-$n.json" ${BENCH_ARGS:-} | tee "$OUT/bench-$n.md"
done
