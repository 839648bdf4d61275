"""
scripts/backup.sh then scripts/restore.sh, into an empty database and an empty media store,
give back the same orders, products, photos and transfer receipts (private files, kept private).

The data lives in scratch databases created here (not the test database): the source is
migrated and filled by `manage.py shell`, exactly as a server's database would be.
"""

import hashlib
import json
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from .conftest import BASE_DIR, Databases, app_env, missing

pytestmark = [pytest.mark.django_db, pytest.mark.processes]

FILL = """
import json
from django.core.files.base import ContentFile
from orders.services import Actor, order_transition, order_upload_receipt
from tests.factories import ProductFactory, add_photo, category, jpeg_bytes
from tests.orders.helpers import configured_village, place

sabrang, wonoasri = configured_village("sabrang"), configured_village("wonoasri")
kunyit = ProductFactory(shop=sabrang, category=category("jamu"), name="Jamu Kunyit Asam", stock=10)
add_photo(kunyit, color=(230, 150, 20))
add_photo(kunyit, color=(200, 100, 10))
masker = ProductFactory(shop=wonoasri, category=category("masker"), name="Masker Batik", stock=5)
add_photo(masker, color=(40, 70, 160))
first = place({kunyit: 2, masker: 1})
second = place({kunyit: 1}).orders.get()
order = first.orders.get(shop=sabrang)
order_transition(order=order, to="paid", actor=Actor("village", "Ketua"))
receipt = ContentFile(jpeg_bytes(color=(9, 99, 199)), name="bukti.jpg")
paid = order_upload_receipt(order=second, uploaded=receipt)
print(json.dumps({"orders": sorted(o.number for o in first.orders.all()), "receipt": paid.receipt.name}))
"""

# Whole rows, whatever columns the models have by the time this runs.
COMPARED = {
    "products": "SELECT * FROM products_product ORDER BY id",
    "photos": "SELECT id, product_id, image, thumb_320, thumb_640 FROM products_productimage ORDER BY id",
    "orders": "SELECT * FROM orders_order ORDER BY id",
    "items": "SELECT * FROM orders_orderitem ORDER BY id",
    "checkouts": "SELECT * FROM orders_checkout ORDER BY id",
    "history": "SELECT * FROM orders_orderstatuschange ORDER BY id",
    "villages": "SELECT * FROM shops_shop ORDER BY id",
    "members": "SELECT * FROM members_memberprofile ORDER BY id",
    "next product id": "SELECT last_value FROM products_product_id_seq",
    "next order id": "SELECT last_value FROM orders_order_id_seq",
}
ORDER_NUMBERS = "SELECT number FROM orders_order ORDER BY id"


def tools():
    for tool in ("pg_dump", "pg_restore", "psql", "sha256sum"):
        if shutil.which(tool) is None:
            missing(tool)


@pytest.fixture(scope="module")
def databases():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    tools()
    dbs = Databases()
    yield dbs
    dbs.drop_all()


def run(args, env, check=True):
    result = subprocess.run(args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def checksums(folder: Path) -> dict:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def filled_source(databases, tmp_path_factory):
    """A migrated database with villages, products, photos and orders; its media on disk."""
    url = databases.create("source")
    media = tmp_path_factory.mktemp("media-source")
    private = tmp_path_factory.mktemp("private-source")
    env = app_env(DATABASE_URL=url, DJANGO_MEDIA_ROOT=str(media), DJANGO_PRIVATE_MEDIA_ROOT=str(private))
    run([sys.executable, "manage.py", "migrate", "-v0"], env)
    filled = run([sys.executable, "manage.py", "shell", "-c", FILL], env)
    return url, env, json.loads(filled.stdout.strip().splitlines()[-1])


def modes(folder: Path, inside=False) -> set:
    """The permission bits of `folder` (unless `inside`) and of everything in it."""
    paths = [*([] if inside else [folder]), *folder.rglob("*")]
    return {oct(path.stat().st_mode & 0o777) for path in paths}


def test_backup_then_restore_gives_the_same_orders_products_photos_and_receipts(
    databases, filled_source, tmp_path
):
    source_url, source_env, placed = filled_source
    source_media = Path(source_env["DJANGO_MEDIA_ROOT"])
    source_private = Path(source_env["DJANGO_PRIVATE_MEDIA_ROOT"])
    assert len(checksums(source_media)) == 12  # three photos: an original, two thumbnails, a link preview
    assert list(checksums(source_private)) == [placed["receipt"]]  # the receipt, in private storage only

    backups = tmp_path / "backups"
    made = run(["bash", "scripts/backup.sh", str(backups)], source_env)
    folder = Path(made.stdout.strip().splitlines()[-1])
    assert folder.parent == backups
    assert sorted(p.name for p in folder.iterdir()) == [
        "COMPLETE",
        "SHA256SUMS",
        "db.dump",
        "media",
        "private-media",
    ]
    assert oct(folder.joinpath("db.dump").stat().st_mode & 0o777) == "0o600"  # personal data inside
    # the receipt is in the backup, readable by its owner only (as everything else there)
    assert checksums(folder / "private-media") == checksums(source_private)
    assert modes(folder / "private-media") == {"0o700", "0o600"}
    assert modes(folder) == {"0o700", "0o600"}
    assert f"./private-media/{placed['receipt']}" in (folder / "SHA256SUMS").read_text()

    target_url = databases.create("restored")
    target_media = tmp_path / "media-restored"
    target_private = tmp_path / "private-restored"
    target_env = app_env(
        DATABASE_URL=target_url,
        DJANGO_MEDIA_ROOT=str(target_media),
        DJANGO_PRIVATE_MEDIA_ROOT=str(target_private),
    )
    run(["bash", "scripts/restore.sh", str(folder)], target_env)

    for name, sql in COMPARED.items():
        before, after = databases.query(source_url, sql), databases.query(target_url, sql)
        assert after == before, name
        assert before, name
    numbers = [row[0] for row in databases.query(target_url, ORDER_NUMBERS)]
    assert set(placed["orders"]) <= set(numbers)
    assert checksums(target_media) == checksums(source_media)
    for _id, _product, *names in databases.query(target_url, COMPARED["photos"]):
        assert all((target_media / name).is_file() for name in names)
    # the receipt's row and its bytes are back, readable by the app and nginx's group, nobody else;
    # photos as Django writes them (nginx serves them to anyone)
    receipts = databases.query(target_url, "SELECT receipt FROM orders_order WHERE receipt <> ''")
    assert receipts == [(placed["receipt"],)]
    assert checksums(target_private) == checksums(source_private)
    assert (target_private / placed["receipt"]).read_bytes()[:3] == b"\xff\xd8\xff"
    assert modes(target_private) == {"0o750", "0o640"}
    assert modes(target_media, inside=True) == {"0o755", "0o644"}
    # the search configuration came back too: the restored site can search
    assert databases.query(target_url, "SELECT to_tsvector('desbumi', 'Jamu Kunyit')::text") != []

    # restoring again is refused, and changes nothing
    again = run(["bash", "scripts/restore.sh", str(folder)], target_env, check=False)
    assert again.returncode != 0
    assert "not empty" in again.stderr
    assert databases.query(target_url, "SELECT count(*) FROM orders_order") == [(len(numbers),)]
    assert checksums(target_media) == checksums(source_media)
    assert checksums(target_private) == checksums(source_private)
    # nor into an empty media folder while the private folder holds files
    other_url = databases.create("private-refused")
    other_env = {**target_env, "DATABASE_URL": other_url, "DJANGO_MEDIA_ROOT": str(tmp_path / "empty-media")}
    refused = run(["bash", "scripts/restore.sh", str(folder)], other_env, check=False)
    assert refused.returncode != 0
    assert f"media folder {target_private} is not empty" in refused.stderr
    assert databases.query(other_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_a_damaged_backup_is_refused_before_anything_is_written(databases, filled_source, tmp_path):
    _source_url, source_env, _placed = filled_source
    folder = Path(run(["bash", "scripts/backup.sh", str(tmp_path / "b")], source_env).stdout.split()[-1])
    photo = next(p for p in (folder / "media").rglob("*.jpg"))
    photo.unlink()
    photo.write_bytes(b"rusak")  # a new file, not the hard-linked original
    target_url = databases.create("damaged")
    target_env = app_env(
        DATABASE_URL=target_url,
        DJANGO_MEDIA_ROOT=str(tmp_path / "media-restored"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private-restored"),
    )
    result = run(["bash", "scripts/restore.sh", str(folder)], target_env, check=False)
    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert databases.query(target_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    assert not (tmp_path / "media-restored").exists()
    assert not (tmp_path / "private-restored").exists()


def test_nightly_backups_share_unchanged_photos_and_only_the_newest_are_kept(filled_source, tmp_path):
    _source_url, source_env, _placed = filled_source
    env = {**source_env, "BACKUP_KEEP": "2"}
    folders = []
    for _night in range(3):
        folders.append(Path(run(["bash", "scripts/backup.sh", str(tmp_path / "b")], env).stdout.split()[-1]))
        subprocess.run(["sleep", "1.1"], check=True)  # one backup per second at most (the folder name)
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(f.name for f in folders[1:])
    first_photo = next((folders[1] / "media").rglob("*.jpg"))
    same_photo = folders[2] / "media" / first_photo.relative_to(folders[1] / "media")
    assert first_photo.stat().st_ino == same_photo.stat().st_ino  # a hard link, not a second copy
    first_receipt = next((folders[1] / "private-media").rglob("*.jpg"))
    same_receipt = folders[2] / "private-media" / first_receipt.relative_to(folders[1] / "private-media")
    assert first_receipt.stat().st_ino == same_receipt.stat().st_ino


def test_media_in_a_bucket_is_backed_up_and_restored_into_an_empty_bucket(
    databases, filled_source, s3_server, tmp_path
):
    _source_url, source_env, placed = filled_source
    client = s3_server.client()
    source_bucket, source_private = f"backup-{secrets.token_hex(3)}", f"private-{secrets.token_hex(3)}"
    target_private = f"private-restore-{secrets.token_hex(3)}"
    for bucket in (source_bucket, source_private, target_private):
        client.create_bucket(Bucket=bucket)
    # the receipt in a private bucket of its own, as core.storage writes it there
    receipt = Path(source_env["DJANGO_PRIVATE_MEDIA_ROOT"], placed["receipt"]).read_bytes()
    client.put_object(
        Bucket=source_private,
        Key=placed["receipt"],
        Body=receipt,
        ContentType="image/jpeg",
        CacheControl="private, no-store",
    )
    for path in Path(source_env["DJANGO_MEDIA_ROOT"]).rglob("*"):
        if path.is_file():
            key = path.relative_to(source_env["DJANGO_MEDIA_ROOT"]).as_posix()
            content_type = "image/webp" if key.endswith(".webp") else "image/jpeg"
            client.put_object(Bucket=source_bucket, Key=key, Body=path.read_bytes(), ContentType=content_type)
    bucket_env = {
        **source_env,
        **s3_server.env(source_bucket),
        "AWS_PRIVATE_STORAGE_BUCKET_NAME": source_private,
    }
    folder = Path(run(["bash", "scripts/backup.sh", str(tmp_path / "b")], bucket_env).stdout.split()[-1])
    assert (folder / "media.json").is_file()
    assert (folder / "private-media" / placed["receipt"]).read_bytes() == receipt
    assert json.loads((folder / "private-media.json").read_text())[placed["receipt"]]["CacheControl"] == (
        "private, no-store"
    )
    assert modes(folder) == {"0o700", "0o600"}

    target_url = databases.create("bucket")
    target_env = app_env(
        DATABASE_URL=target_url,
        **s3_server.env("media-restore"),
        AWS_PRIVATE_STORAGE_BUCKET_NAME=target_private,
    )
    run(["bash", "scripts/restore.sh", str(folder)], target_env)

    assert s3_server.keys("media-restore") == s3_server.keys(source_bucket)
    for key in s3_server.keys(source_bucket):
        before = client.get_object(Bucket=source_bucket, Key=key)
        after = client.get_object(Bucket="media-restore", Key=key)
        assert after["Body"].read() == before["Body"].read()
        assert after["ContentType"] == before["ContentType"]
    assert s3_server.keys(target_private) == [placed["receipt"]]
    restored = client.get_object(Bucket=target_private, Key=placed["receipt"])
    assert restored["Body"].read() == receipt
    assert (restored["ContentType"], restored["CacheControl"]) == ("image/jpeg", "private, no-store")
    # a bucket that already holds photos is never restored into, and the database is left alone
    other_url = databases.create("refused")
    empty_private = f"private-empty-{secrets.token_hex(3)}"
    client.create_bucket(Bucket=empty_private)
    refused = run(
        ["bash", "scripts/restore.sh", str(folder)],
        app_env(
            DATABASE_URL=other_url,
            **s3_server.env(source_bucket),
            AWS_PRIVATE_STORAGE_BUCKET_NAME=empty_private,
        ),
        check=False,
    )
    assert refused.returncode != 0
    assert "not empty" in refused.stderr
    assert databases.query(other_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    assert s3_server.keys(empty_private) == []
    # nor a private bucket that already holds receipts
    again = run(
        ["bash", "scripts/restore.sh", str(folder)], {**target_env, "DATABASE_URL": other_url}, check=False
    )
    assert again.returncode != 0
    assert f"bucket {target_private} is not empty" in again.stderr
    assert databases.query(other_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_receipts_from_a_disk_backup_are_never_dropped_on_the_way_into_a_bucket(
    databases, filled_source, s3_server, tmp_path
):
    # a backup of a server with everything on disk, restored where photos go to a bucket but no
    # private bucket is named: refused before anything is written, rather than losing the receipts
    _source_url, source_env, _placed = filled_source
    folder = Path(run(["bash", "scripts/backup.sh", str(tmp_path / "b")], source_env).stdout.split()[-1])
    empty_bucket = f"empty-{secrets.token_hex(3)}"
    s3_server.client().create_bucket(Bucket=empty_bucket)
    target_url = databases.create("no-private")
    result = run(
        ["bash", "scripts/restore.sh", str(folder)],
        app_env(DATABASE_URL=target_url, **s3_server.env(empty_bucket)),
        check=False,
    )
    assert result.returncode != 0
    assert "private files (receipts) need AWS_PRIVATE_STORAGE_BUCKET_NAME" in result.stderr
    assert databases.query(target_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    assert s3_server.keys(empty_bucket) == []
