"""Production settings come from the environment alone; `check --deploy` has nothing to say."""

import json
import logging
import secrets
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client

from core.checks import check_site_url
from core.log import JsonFormatter

from .conftest import BASE_DIR, app_env, database_url, production_settings, worker_redis_url

pytestmark = pytest.mark.django_db


def production_env(**extra) -> dict:
    """What README's Production section tells an operator to set, and nothing else."""
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://example.org",
        "DJANGO_SITE_URL": "https://example.org",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": worker_redis_url(),
        **extra,
    }


@pytest.mark.processes
def test_check_deploy_with_production_environment_prints_no_warning():
    env = app_env(**production_env())
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=app_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.processes
def test_check_deploy_fails_without_a_site_url():
    env = production_env()
    del env["DJANGO_SITE_URL"]
    result = manage("check", "--deploy", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "(desbumi.E001) DJANGO_SITE_URL is not set" in output, output


@pytest.mark.processes
def test_production_has_no_demo_command():
    result = manage("seed_demo", "--quiet", env=production_env())
    assert result.returncode == 1
    assert "Unknown command: 'seed_demo'" in result.stderr, result.stderr


def test_without_any_variable_debug_is_off_and_the_demo_app_absent():
    env = production_env()
    del env["DJANGO_DEBUG"]
    s = production_settings(**env)
    assert s["DEBUG"] is False
    assert "demo" not in s["INSTALLED_APPS"]
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SITE_URL"] == "https://example.org"


def test_without_a_site_url_production_has_none_to_fall_back_on():
    env = production_env()
    del env["DJANGO_SITE_URL"]
    assert production_settings(**env)["SITE_URL"] == ""


def test_development_mode_installs_the_demo_app_and_a_local_site_url():
    s = production_settings(DJANGO_DEBUG="1")
    assert s["DEBUG"] is True
    assert s["INSTALLED_APPS"][-1] == "demo"
    assert s["SITE_URL"] == "http://127.0.0.1:8000"


def test_a_demo_server_may_install_the_demo_app_with_debug_off():
    s = production_settings(**production_env(DJANGO_DEMO="1"))
    assert s["DEBUG"] is False
    assert "demo" in s["INSTALLED_APPS"]


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("", ["desbumi.E001"]),
        ("pasar.desbumi.example", ["desbumi.E002"]),
        ("ftp://pasar.desbumi.example", ["desbumi.E002"]),
        ("https://pasar.desbumi.example", []),
    ],
)
def test_site_url_check(settings, site_url, expected):
    settings.SITE_URL = site_url
    assert [error.id for error in check_site_url(None)] == expected


@pytest.mark.parametrize(
    ("variable", "value"), [("DJANGO_SECURE_SSL_REDIRECT", "ya"), ("ORDER_PAYMENT_HOURS", "2d")]
)
def test_a_value_not_understood_stops_the_start_naming_the_variable(variable, value):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=variable):
        production_settings(**production_env(**{variable: value}))


def test_production_mode_turns_on_every_security_default():
    s = production_settings(**production_env())
    assert s["DEBUG"] is False
    assert (s["SESSION_COOKIE_SECURE"], s["CSRF_COOKIE_SECURE"], s["LANGUAGE_COOKIE_SECURE"]) == (True,) * 3
    assert s["SECURE_SSL_REDIRECT"] is True
    assert (s["SECURE_HSTS_SECONDS"], s["SECURE_HSTS_INCLUDE_SUBDOMAINS"], s["SECURE_HSTS_PRELOAD"]) == (
        31536000,
        True,
        True,
    )
    assert s["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert s["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://example.org"]
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert s["SECURE_REFERRER_POLICY"] == "same-origin"
    assert s["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert s["CACHES"]["default"]["BACKEND"] == "core.cache.ResilientRedisCache"
    assert (
        s["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert s["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert s["SERVE_MEDIA"] is False  # nginx serves /media/
    assert s["MAILERS"]["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["LOGGING"]["handlers"]["stdout"]["formatter"] == "json"
    assert "'unsafe-inline'" not in json.dumps(s["SECURE_CSP"])


@pytest.mark.parametrize(
    ("variable", "value", "setting", "expected"),
    [
        ("DJANGO_SESSION_COOKIE_SECURE", "0", "SESSION_COOKIE_SECURE", False),
        ("DJANGO_CSRF_COOKIE_SECURE", "0", "CSRF_COOKIE_SECURE", False),
        ("DJANGO_SECURE_SSL_REDIRECT", "0", "SECURE_SSL_REDIRECT", False),
        ("DJANGO_SECURE_HSTS_SECONDS", "3600", "SECURE_HSTS_SECONDS", 3600),
        ("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "0", "SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
        ("DJANGO_SECURE_HSTS_PRELOAD", "0", "SECURE_HSTS_PRELOAD", False),
        ("DJANGO_SECURE_CONTENT_TYPE_NOSNIFF", "0", "SECURE_CONTENT_TYPE_NOSNIFF", False),
        ("DJANGO_SECURE_REFERRER_POLICY", "strict-origin", "SECURE_REFERRER_POLICY", "strict-origin"),
        ("DJANGO_TRUSTED_PROXY_COUNT", "2", "ALLAUTH_TRUSTED_PROXY_COUNT", 2),
        ("DJANGO_LOG_FORMAT", "text", "LOG_FORMAT", "text"),
        ("DJANGO_EMAIL", "file", "EMAIL_KIND", "file"),
    ],
)
def test_each_production_default_has_its_own_variable(variable, value, setting, expected):
    assert production_settings(**production_env(**{variable: value}))[setting] == expected


def test_without_a_proxy_no_forwarded_header_is_trusted():
    s = production_settings(**production_env(DJANGO_BEHIND_PROXY="0"))
    assert "SECURE_PROXY_SSL_HEADER" not in s
    assert s["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0


def test_a_bucket_moves_media_to_s3_and_allows_its_host_in_the_csp():
    s = production_settings(
        **production_env(
            AWS_STORAGE_BUCKET_NAME="desbumi-media", AWS_S3_ENDPOINT_URL="https://s3.example.net:9000/"
        )
    )
    assert s["STORAGES"]["default"]["BACKEND"] == "core.storage.MediaStorage"
    assert s["STORAGES"]["default"]["OPTIONS"]["querystring_auth"] is False
    assert s["SECURE_CSP"]["img-src"][-1] == "https://s3.example.net:9000"
    with_domain = production_settings(
        **production_env(AWS_STORAGE_BUCKET_NAME="m", AWS_S3_CUSTOM_DOMAIN="foto.example.org")
    )
    assert "https://foto.example.org" in with_domain["SECURE_CSP"]["img-src"]


def test_production_refuses_to_start_without_a_secret_key():
    from django.core.exceptions import ImproperlyConfigured

    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        production_settings(**env)


def test_responses_carry_the_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    # Django adds 'nonce-…' to script-src only on pages whose template used the nonce.
    directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_json_logs_are_one_object_per_line_with_extra_fields():
    record = logging.makeLogRecord(
        {"name": "orders", "levelname": "WARNING", "msg": "stok %s habis", "args": ("kunyit",), "order": 7}
    )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"], entry["order"]) == (
        "WARNING",
        "orders",
        "stok kunyit habis",
        7,
    )


# ---------------------------------------------------------------------------------------------
# /healthz: the database and Redis itself
# ---------------------------------------------------------------------------------------------
def test_healthz_is_ok_when_database_and_redis_answer(settings):
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": worker_redis_url()}
    }
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.processes
def test_healthz_fails_when_redis_is_down_even_though_pages_still_work(settings, private_redis):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    client = Client()
    assert client.get("/healthz").status_code == 200
    private_redis.stop()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error: ConnectionError"}
    assert client.get("/").status_code == 200
