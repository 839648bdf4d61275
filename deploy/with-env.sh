#!/usr/bin/env bash
# Run one command with the production environment file loaded, the way systemd loads it for the
# services (KEY=value lines, # comments, values taken as written: spaces and <> need no quotes).
#
#   deploy/with-env.sh .venv/bin/python manage.py migrate --noinput
#   deploy/with-env.sh scripts/backup.sh
#
# The file is /etc/desbumi/env unless DESBUMI_ENV_FILE names another.
set -euo pipefail
env_file=${DESBUMI_ENV_FILE:-/etc/desbumi/env}
[ -r "$env_file" ] || { echo "with-env: cannot read $env_file" >&2; exit 1; }
[ $# -gt 0 ] || { echo "usage: deploy/with-env.sh COMMAND [ARGS...]" >&2; exit 1; }
while IFS= read -r line || [ -n "$line" ]; do
    line=${line#"${line%%[![:space:]]*}"}   # leading blanks
    case $line in '' | '#'*) continue ;; esac
    name=${line%%=*}
    value=${line#*=}
    # systemd drops one pair of surrounding quotes; do the same.
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then value=${BASH_REMATCH[1]}; fi
    export "$name=$value"
done < "$env_file"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec "$@"
