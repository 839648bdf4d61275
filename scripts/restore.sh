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
#   AWS_PRIVATE_STORAGE_BUCKET_NAME  the private files (receipts) into this (empty) bucket, or
#   DJANGO_PRIVATE_MEDIA_ROOT     with no bucket at all, into this (empty or missing) folder
#                                 (default: private-media/): files 640, folders 750, so only the
#                                 app and nginx's group (README: setgid www-data) read them
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

# Where the private files go (as settings.py keeps them): a private bucket, else the media
# bucket's private/ prefix (part of media/ in the backup), else the disk.
if [ -n "${AWS_PRIVATE_STORAGE_BUCKET_NAME:-}" ]; then
    private_target="bucket $AWS_PRIVATE_STORAGE_BUCKET_NAME"
    "$python" "$scripts_dir/media_sync.py" --bucket "$AWS_PRIVATE_STORAGE_BUCKET_NAME" check-empty || exit 1
elif [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
    private_target=""
else
    private_target=$(private_media_root)
    if [ -d "$private_target" ] && [ -n "$(ls -A "$private_target")" ]; then
        die "media folder $private_target is not empty: restore only into an empty one"
    fi
fi
if [ -z "$private_target" ] && [ -d "$backup/private-media" ] && [ -n "$(ls -A "$backup/private-media")" ]; then
    die "this backup's private files (receipts) need AWS_PRIVATE_STORAGE_BUCKET_NAME or a disk folder" \
        "(no bucket); into the media bucket's private/ prefix, upload them yourself"
fi
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
    # The backup keeps everything private (600/700); on the server nginx reads the photos (as
    # Django writes them: 644/755) and, through the app's X-Accel-Redirect only, the receipts.
    mkdir -p "$media_target"
    cp -R --preserve=timestamps "$backup/media/." "$media_target/"
    find "$media_target" -mindepth 1 \( -type d -exec chmod 755 {} + \) -o \( -type f -exec chmod 644 {} + \)
fi
# Backups made before private files were copied have no private-media/.
if [ -n "$private_target" ] && [ -d "$backup/private-media" ]; then
    echo "restore: private files into $private_target"
    if [ -n "${AWS_PRIVATE_STORAGE_BUCKET_NAME:-}" ]; then
        "$python" "$scripts_dir/media_sync.py" --bucket "$AWS_PRIVATE_STORAGE_BUCKET_NAME" upload \
            "$backup/private-media" --manifest "$backup/private-media.json" --private
    else
        mkdir -p -m 750 "$private_target"
        cp -R --preserve=timestamps "$backup/private-media/." "$private_target/"
        find "$private_target" -mindepth 1 \( -type d -exec chmod 750 {} + \) -o \( -type f -exec chmod 640 {} + \)
    fi
fi
echo "restore: done. Next: manage.py migrate (if the code is newer than the backup), then start the services."
