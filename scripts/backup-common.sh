# Shared by scripts/backup.sh and scripts/restore.sh (sourced, not run).

scripts_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
app_dir=$(dirname "$scripts_dir")
# The app's Python (boto3 for a bucket); plain python3 is enough for a database and local media.
python=${PYTHON:-$app_dir/.venv/bin/python}
[ -x "$python" ] || python=python3

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install postgresql-client)"
    done
}

# Export PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (and PGSSLMODE) from DATABASE_URL, so
# the password never appears on a command line where `ps` would show it.
load_database_url() {
    [ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set (postgres://user:password@host:5432/name)"
    local exports
    exports=$("$python" - <<'PY'
import os
import shlex
import sys
from urllib.parse import parse_qsl, unquote, urlsplit

url = urlsplit(os.environ["DATABASE_URL"])
if url.scheme not in ("postgres", "postgresql", "pgsql"):
    sys.exit(f"DATABASE_URL is not a PostgreSQL URL ({url.scheme}://)")
values = {
    "PGHOST": unquote(url.hostname or ""),
    "PGPORT": str(url.port or ""),
    "PGUSER": unquote(url.username or ""),
    "PGPASSWORD": unquote(url.password or ""),
    "PGDATABASE": unquote(url.path.lstrip("/")),
}
options = dict(parse_qsl(url.query))
if "sslmode" in options:
    values["PGSSLMODE"] = options["sslmode"]
for name, value in values.items():
    if value:
        print(f"export {name}={shlex.quote(value)}")
PY
) || die "cannot read DATABASE_URL"
    eval "$exports"
    [ -n "${PGDATABASE:-}" ] || die "DATABASE_URL names no database"
}

media_root() { echo "${DJANGO_MEDIA_ROOT:-$app_dir/media}"; }
private_media_root() { echo "${DJANGO_PRIVATE_MEDIA_ROOT:-$app_dir/private-media}"; }
