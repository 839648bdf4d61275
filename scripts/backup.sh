#!/usr/bin/env bash
# Back up Desbumi Market: a consistent dump of the database and a copy of the media, together
# in one timestamped folder. Run it nightly (README, "Production": cron example).
#
#   scripts/backup.sh [BACKUP_ROOT]            default: $BACKUP_ROOT, else /var/backups/desbumi
#
# Reads the app's own environment (deploy/with-env.sh loads /etc/desbumi/env):
#   DATABASE_URL                  the database (pg_dump -Fc: one snapshot, consistent by itself)
#   AWS_STORAGE_BUCKET_NAME, …    media in a bucket (copied with scripts/media_sync.py), or
#   DJANGO_MEDIA_ROOT             media on this server's disk (default: media/ in the app folder),
#                                 copied with scripts/media_sync.py too
#   AWS_PRIVATE_STORAGE_BUCKET_NAME  private files (transfer receipts, refund proofs) in a bucket
#                                 of their own; without it they are the media bucket's private/
#                                 prefix (copied with it), or on disk when there is no bucket:
#   DJANGO_PRIVATE_MEDIA_ROOT     that folder (default: private-media/ in the app folder)
#   BACKUP_KEEP                   how many backups to keep (default 14; older ones are removed)
#
# Writes BACKUP_ROOT/<UTC time, e.g. 20260301T190000Z>/ with db.dump, media/, media.json (bucket
# only), private-media/ (private files on disk or in their own bucket), private-media.json (that
# bucket only), SHA256SUMS and COMPLETE (written last). Only the backup's owner can read it (files 600, folders 700): the dump and the
# receipts hold personal data. Files unchanged since the previous backup are hard links to it,
# so a night costs the space of that day's new photos only.
# Prints the folder's path. Restore with scripts/restore.sh.
set -euo pipefail
umask 077
source "$(dirname "${BASH_SOURCE[0]}")/backup-common.sh"

need pg_dump sha256sum
load_database_url
root=${1:-${BACKUP_ROOT:-/var/backups/desbumi}}
keep=${BACKUP_KEEP:-14}
[[ $keep =~ ^[1-9][0-9]*$ ]] || die "BACKUP_KEEP must be a whole number of at least 1"
mkdir -p "$root"
root=$(cd "$root" && pwd)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dest="$root/$stamp"
work="$root/.$stamp.partial"
[ ! -e "$dest" ] || die "$dest already exists"
previous=$(find "$root" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*T[0-9]*Z' -exec test -f '{}/COMPLETE' ';' -print | sort | tail -n 1)
mkdir "$work"
trap 'rm -rf "$work"' EXIT   # a failed run leaves nothing that looks like a backup

# Copy a folder on this server's disk into the backup's folder <name> (files the previous backup
# has already are hard links to it); a folder not there yet is said, and the backup goes on.
copy_from_disk() {  # <folder> <name> <what, for the message> <why it may be missing>
    if [ -d "$1" ]; then
        "$python" "$scripts_dir/media_sync.py" copy "$1" "$work/$2" ${previous:+--link-dest "$previous/$2"}
    else
        echo "backup: no $3 folder at $1 ($4)" >&2
    fi
}

# 1. The database first: pg_dump reads one snapshot, so orders, products and photo rows agree.
pg_dump --format=custom --no-owner --no-privileges --file="$work/db.dump"

# 2. Then the media. Photos are only ever added or deleted (never changed), so every photo the
#    dump knows is there, unless it was deleted in the minutes between the two steps.
mkdir "$work/media"
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
    "$python" "$scripts_dir/media_sync.py" download "$work/media" --manifest "$work/media.json" \
        ${previous:+--link-dest "$previous/media"}
else
    copy_from_disk "$(media_root)" media "media" "nothing uploaded yet?"
fi

# 3. The private files (receipts, refund proofs) where the app keeps them (settings.py): a private
#    bucket of their own, else the media bucket's private/ prefix (copied above), else the disk.
if [ -n "${AWS_PRIVATE_STORAGE_BUCKET_NAME:-}" ]; then
    mkdir "$work/private-media"
    "$python" "$scripts_dir/media_sync.py" --bucket "$AWS_PRIVATE_STORAGE_BUCKET_NAME" download \
        "$work/private-media" --manifest "$work/private-media.json" \
        ${previous:+--link-dest "$previous/private-media"}
elif [ -z "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
    mkdir "$work/private-media"
    copy_from_disk "$(private_media_root)" private-media "private media" "no receipt uploaded yet?"
fi
# Nothing in a backup for anyone but its owner (pg_dump and downloads under umask 077 already
# are; shutil.copy2 keeps a photo's 644). Hard links to the previous backup are private already.
find "$work" \( -type d -exec chmod 700 {} + \) -o \( -type f -exec chmod 600 {} + \)

(cd "$work" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 -r sha256sum > SHA256SUMS)
date -u +%Y-%m-%dT%H:%M:%SZ > "$work/COMPLETE"
mv "$work" "$dest"
trap - EXIT

# Keep the newest $keep complete backups.
find "$root" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*T[0-9]*Z' | sort | head -n -"$keep" |
    while IFS= read -r old; do rm -rf -- "$old"; done
echo "$dest"
