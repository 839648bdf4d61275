#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an EMPTY media store.
#
#   scripts/restore.sh BACKUP_FOLDER            e.g. /var/backups/desbumi/20260301T190000Z
#
# Reads the app's own environment (deploy/with-env.sh loads /etc/desbumi/env):
#   DATABASE_URL                  the database to fill: it must exist and hold no table
#                                 (createdb -O desbumi desbumi); nothing is ever overwritten
#   AWS_STORAGE_BUCKET_NAME, …    restore the media into this (empty) bucket, or
#   DJANGO_MEDIA_ROOT             into this (empty or missing) folder (default: media/)
# Run it as the app's user, so the restored files belong to it. Checks the backup's checksums
# first; the database is restored in one transaction (all or nothing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/backup-common.sh"

backup=${1:-}
[ -n "$backup" ] || die "usage: scripts/restore.sh BACKUP_FOLDER"
[ -f "$backup/COMPLETE" ] || die "$backup is not a complete backup (no COMPLETE file)"
need pg_restore psql sha256sum
load_database_url

echo "restore: checking checksums"
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || die "$backup is damaged (SHA256SUMS do not match)"

tables=$(psql -X -q -t -A -v ON_ERROR_STOP=1 -c \
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
       AND c.relkind IN ('r', 'p', 'v', 'm', 'S')") || die "cannot connect to database $PGDATABASE"
[ "$tables" = 0 ] || die "database $PGDATABASE is not empty ($tables tables): restore only into an empty one"

if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
    media_target="bucket $AWS_STORAGE_BUCKET_NAME"
    "$python" "$scripts_dir/media_sync.py" check-empty || exit 1
else
    media_target=$(media_root)
    if [ -d "$media_target" ] && [ -n "$(ls -A "$media_target")" ]; then
        die "media folder $media_target is not empty: restore only into an empty one"
    fi
fi

echo "restore: database $PGDATABASE from $backup/db.dump"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$PGDATABASE" \
    "$backup/db.dump"

echo "restore: media into $media_target"
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
    # Without media.json (a backup of media on disk) the types come from the file names.
    "$python" "$scripts_dir/media_sync.py" upload "$backup/media" --manifest "$backup/media.json"
else
    mkdir -p "$media_target"
    cp -R --preserve=timestamps "$backup/media/." "$media_target/"
fi
echo "restore: done. Next: manage.py migrate (if the code is newer than the backup), then start the services."
