#!/usr/bin/env python3
"""
Copy the media to a backup folder and back, for scripts/backup.sh and scripts/restore.sh.

    media_sync.py download DIR --manifest FILE [--link-dest PREVIOUS_DIR]    bucket → folder
    media_sync.py upload DIR [--manifest FILE] [--private]    folder → bucket (refuses one not empty)
    media_sync.py check-empty                     fails unless the bucket holds no object
    media_sync.py copy SOURCE_DIR DIR [--link-dest PREVIOUS_DIR]             folder → folder

The bucket and its endpoint come from the app's own variables: AWS_STORAGE_BUCKET_NAME (or
--bucket NAME before the command, e.g. the private bucket), AWS_S3_ENDPOINT_URL,
AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_S3_ADDRESSING_STYLE. The
manifest keeps each object's Content-Type and Cache-Control, so a restored object is served
exactly as before (--private: a file it does not list is never cached, as a receipt). Needs
boto3 for a bucket (django-storages[s3] installs it) and nothing but Python for folders. With
--link-dest, a file of the same size in the previous backup is hard-linked instead of copied:
photos never change once written (their names are random), so yesterday's copy is today's.
"""

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

KEPT_HEADERS = ("ContentType", "CacheControl", "ContentDisposition")
# For files without a manifest entry (media moved from a server's disk into a bucket): the same
# headers core/storage.py gives a new upload.
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
FOREVER = "public, max-age=31536000, immutable"
PRIVATE = "private, no-store"  # as settings.py's private storage writes a receipt


def default_headers(key: str, private=False) -> dict:
    content_type = IMAGE_TYPES.get(Path(key).suffix.lower())
    if content_type is None:
        headers = {"ContentType": "binary/octet-stream", "ContentDisposition": "attachment"}
    else:
        headers = {"ContentType": content_type, "CacheControl": FOREVER}
    if private:
        headers["CacheControl"] = PRIVATE
    return headers


def bucket_client(name=None):
    import boto3
    from botocore.config import Config

    name = name or os.environ.get("AWS_STORAGE_BUCKET_NAME")
    if not name:
        sys.exit("media_sync: AWS_STORAGE_BUCKET_NAME is not set")
    client = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID") or None,
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        config=Config(
            s3={"addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "path")},
            signature_version="s3v4",
            retries={"max_attempts": 5, "mode": "standard"},
        ),
    )
    return client, name


def objects(client, bucket):
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        yield from page.get("Contents", [])


def safe_path(root: Path, key: str) -> Path:
    path = (root / key).resolve()
    if not path.is_relative_to(root.resolve()) or key.endswith("/"):
        sys.exit(f"media_sync: refusing object key {key!r}")
    return path


def download(args):
    from botocore.exceptions import ClientError

    client, bucket = bucket_client(args.bucket)
    root = Path(args.dir)
    root.mkdir(parents=True, exist_ok=True)
    previous = Path(args.link_dest) if args.link_dest else None
    manifest, linked = {}, 0
    for obj in objects(client, bucket):
        key, target = obj["Key"], safe_path(root, obj["Key"])
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            head = client.head_object(Bucket=bucket, Key=key)
            if link_previous(previous, key, obj["Size"], target):
                linked += 1
            else:
                client.download_file(bucket, key, str(target))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchKey"):
                raise
            print(f"media_sync: {key} was deleted meanwhile, skipped", file=sys.stderr)
            continue
        manifest[key] = {name: head[name] for name in KEPT_HEADERS if head.get(name)}
    Path(args.manifest).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    print(
        f"media_sync: {len(manifest)} objects from {bucket} ({linked} unchanged, hard-linked)",
        file=sys.stderr,
    )


def check_empty(args):
    client, bucket = bucket_client(args.bucket)
    if next(objects(client, bucket), None) is not None:
        sys.exit(f"media_sync: bucket {bucket} is not empty: restore only into an empty one")
    return client, bucket


def link_previous(previous: Path | None, key: str, size: int, target: Path) -> bool:
    """Hard-link the previous backup's copy of `key` to `target` if it has the same size."""
    old = previous / key if previous else None
    if old is None or not old.is_file() or old.stat().st_size != size:
        return False
    try:
        os.link(old, target)
    except OSError:
        return False  # another file system: copy it
    return True


def copy(args):
    source, root = Path(args.source), Path(args.dir)
    previous = Path(args.link_dest) if args.link_dest else None
    count = linked = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink()):
        key = path.relative_to(source).as_posix()
        target = safe_path(root, key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            if link_previous(previous, key, path.stat().st_size, target):
                linked += 1
            else:
                shutil.copy2(path, target)
        except FileNotFoundError:
            print(f"media_sync: {key} was deleted meanwhile, skipped", file=sys.stderr)
            continue
        count += 1
    print(f"media_sync: {count} files from {source} ({linked} unchanged, hard-linked)", file=sys.stderr)


def upload(args):
    client, bucket = check_empty(args)
    root = Path(args.dir)
    manifest = (
        json.loads(Path(args.manifest).read_text()) if args.manifest and Path(args.manifest).exists() else {}
    )
    count = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        key = path.relative_to(root).as_posix()
        extra = manifest.get(key) or default_headers(key, private=args.private)
        client.upload_file(str(path), bucket, key, ExtraArgs=extra)
        count += 1
    print(f"media_sync: {count} objects into {bucket}", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bucket", help="this bucket instead of AWS_STORAGE_BUCKET_NAME's")
    commands = parser.add_subparsers(dest="command", required=True)
    down = commands.add_parser("download", help="bucket → folder")
    down.add_argument("dir")
    down.add_argument("--manifest", required=True)
    down.add_argument("--link-dest", help="the previous backup's media folder, to hard-link unchanged files")
    down.set_defaults(run=download)
    up = commands.add_parser("upload", help="folder → empty bucket")
    up.add_argument("dir")
    up.add_argument("--manifest")
    up.add_argument("--private", action="store_true", help="files without a manifest entry: never cached")
    up.set_defaults(run=upload)
    empty = commands.add_parser("check-empty", help="fail unless the bucket holds no object")
    empty.set_defaults(run=check_empty)
    folder = commands.add_parser("copy", help="folder → folder")
    folder.add_argument("source")
    folder.add_argument("dir")
    folder.add_argument(
        "--link-dest", help="the previous backup's media folder, to hard-link unchanged files"
    )
    folder.set_defaults(run=copy)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
