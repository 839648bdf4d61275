"""One word for a password wherever she reads it: "kata sandi" (as allauth says), never a bare "sandi"."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from tests.factories import PASSWORD, member_with_account

pytestmark = pytest.mark.django_db

BARE_SANDI = re.compile(r"(?<!kata )(?<!kata-)\bsandi\b", re.IGNORECASE)


def bare_sandi(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text)
    return [text[max(0, m.start() - 40) : m.end() + 20] for m in BARE_SANDI.finditer(text)]


def _seen(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_account_pages_and_their_messages_say_kata_sandi(client):
    # the pages as first seen
    pages = {
        url: _seen(client.get(url)) for url in ("/akun/login/", "/akun/signup/", "/akun/password/reset/")
    }
    # the pages with their complaints: a wrong password, a weak one, two that differ
    pages["login refused"] = _seen(
        client.post("/akun/login/", {"login": "x@contoh.test", "password": "salah"})
    )
    pages["signup refused"] = _seen(
        client.post(
            "/akun/signup/", {"email": "rina@contoh.test", "password1": "12345678", "password2": "12345679"}
        )
    )
    pages["signup like her email"] = _seen(
        client.post(
            "/akun/signup/", {"email": "rinawati@contoh.test", "password1": "rinawati1", "password2": "x"}
        )
    )
    member = member_with_account()
    client.force_login(member.user)
    pages["/akun/password/change/"] = _seen(client.get("/akun/password/change/"))
    pages["change refused"] = _seen(
        client.post(
            "/akun/password/change/",
            {"oldpassword": PASSWORD, "password1": "password", "password2": "password"},
        )
    )
    client.logout()

    # the emails: a reset link, and the notice that the password changed
    client.post("/akun/password/reset/", {"email": member.user.email})
    pages["reset email"] = "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)
    link = re.search(r"https?://[^/\s]+(/akun/password/reset/key/\S+)", pages["reset email"]).group(1)
    page = client.get(link, follow=True)
    pages["reset form"] = _seen(page)
    pages["reset refused"] = _seen(
        client.post(page.request["PATH_INFO"], {"password1": "1234", "password2": "4321"})
    )

    assert all(pages.values())
    assert {where: bare_sandi(text) for where, text in pages.items() if bare_sandi(text)} == {}
    assert "kata sandi" in pages["signup refused"].lower()


def test_no_template_or_source_string_says_a_bare_sandi():
    root = Path(settings.BASE_DIR)
    found = []
    for path in [*root.glob("templates/**/*.html"), *root.glob("templates/**/*.txt"), *root.glob("*/*.py")]:
        if ".venv" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            # a form field's name ("sandi") is not a word she reads
            if bare_sandi(line) and not re.search(r"[\"“']sandi[\"”']", line, re.IGNORECASE):
                found.append(f"{path.relative_to(root)}: {line.strip()}")
    assert found == []


def test_the_checker_finds_a_bare_sandi():
    assert bare_sandi("Ubah sandi") == ["Ubah sandi"]
    assert bare_sandi("Ubah kata sandi, atau Kata Sandi") == []
