"""
README's Production section, followed literally: the env file from deploy/env.example with the
README's own advice (HSTS preload off, a local mail relay without TLS) passes `check --deploy`
without a warning; the shipped nginx site and web unit give two app servers.
"""

import re
import secrets
import subprocess
import sys

import pytest
from django.db import connection

from .conftest import BASE_DIR, app_env, database_url, worker_redis_url

pytestmark = [pytest.mark.django_db, pytest.mark.processes]

README = (BASE_DIR / "README.md").read_text()


def env_example(**overrides) -> dict:
    """deploy/env.example as an operator fills it in (the values it leaves to her, here the tests')."""
    values = {}
    for line in (BASE_DIR / "deploy" / "env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            values[name] = value
    values.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=worker_redis_url(),
    )
    values.update(overrides)
    return values


def check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=app_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_env_file_with_the_readmes_advice_passes_check_deploy_without_a_warning():
    # given the env file with preload off and a local relay, as the README's table allows
    env = env_example(DJANGO_SECURE_HSTS_PRELOAD="0", DJANGO_EMAIL_USE_TLS="0", DJANGO_EMAIL_PORT="25")
    # when check --deploy runs
    result = check_deploy(env)
    # then it has nothing to say
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (1 silenced)." in output, output
    assert "W021" not in output


def test_preload_left_on_is_not_silenced():
    result = check_deploy(env_example())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def test_a_bucket_endpoint_over_plain_http_fails_check_deploy():
    result = check_deploy(env_example(AWS_S3_ENDPOINT_URL="http://s3.example.com", AWS_S3_CUSTOM_DOMAIN=""))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "(desbumi.E003) Photos would load from http://s3.example.com over plain HTTP" in output, output


def test_a_cdn_domain_over_https_is_fine_whatever_the_endpoint():
    result = check_deploy(
        env_example(AWS_S3_ENDPOINT_URL="http://10.0.0.9:9000", AWS_S3_CUSTOM_DOMAIN="foto.desbumi.example")
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_nginx_lists_the_two_app_servers_the_readme_starts():
    nginx = (BASE_DIR / "deploy" / "nginx-desbumi.conf").read_text()
    upstream = re.search(r"upstream desbumi_app \{(.*?)\}", nginx, re.S).group(1)
    servers = re.findall(r"^\s*server (127\.0\.0\.1:\d+)", upstream, re.M)
    started = re.findall(r"desbumi-web@(\d+)", README.split("systemctl enable --now", 1)[1].split("\n", 1)[0])
    assert servers == ["127.0.0.1:8000", "127.0.0.1:8001"]
    assert [f"127.0.0.1:{port}" for port in started] == servers
    unit = (BASE_DIR / "deploy" / "desbumi-web@.service").read_text()
    assert "--bind 127.0.0.1:%i " in unit


def test_one_sed_puts_the_host_name_in_every_place():
    # given the README's command, on the shipped nginx site and env file
    command = next(line for line in README.splitlines() if line.startswith("sed -i 's/pasar"))
    pattern, replacement = re.search(r"s/(.+?)/(.+?)/g", command).groups()
    nginx = (BASE_DIR / "deploy" / "nginx-desbumi.conf").read_text()
    env = (BASE_DIR / "deploy" / "env.example").read_text()
    # then the four places of nginx (two server_name, two certificate paths) and the env's three
    # addresses all carry the new name
    settings_lines = [line for line in re.sub(pattern, replacement, nginx).splitlines() if "#" not in line]
    assert sum(replacement in line for line in settings_lines) == 4
    assert "pasar.desbumi.example" not in "\n".join(settings_lines)
    replaced = dict(
        line.split("=", 1) for line in re.sub(pattern, replacement, env).splitlines() if line[:1].isupper()
    )
    assert replaced["DJANGO_ALLOWED_HOSTS"] == replacement
    assert replaced["DJANGO_CSRF_TRUSTED_ORIGINS"] == replaced["DJANGO_SITE_URL"] == f"https://{replacement}"
