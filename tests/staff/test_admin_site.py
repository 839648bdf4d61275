"""Staff sign in through allauth (rate limits, two-factor step); Django's bare admin form is gone."""

import time
import uuid

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache

from tests.factories import PASSWORD, STAFF_EMAIL, member_with_account

pytestmark = pytest.mark.django_db

WRONG = "Alamat e-mail dan/atau kata sandi yang anda masukkan tidak benar."
TOO_MANY = (
    "Terlalu banyak percobaan masuk yang salah. Tunggu beberapa menit lalu coba lagi, atau masuk dari HP "
    "yang biasa Anda pakai, atau atur ulang kata sandi lewat email."
)


@pytest.fixture(autouse=True)
def _empty_cache():
    # allauth counts the attempts in the cache: nothing may be left from before.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def private_cache(settings):
    """
    A cache of this test alone for the attempt counts: on a developer's machine, another test run
    flushes the shared Redis database (tests/conftest.py clears it around every test), which would
    reset the counts mid-test. allauth counts the same way in any Django cache (Redis in production).
    """
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
    assert isinstance(caches["default"], LocMemCache)
    cache.clear()
    yield
    cache.clear()


def _login_page(client):
    """Where /admin/ sends someone not signed in: the login staff use, with its `next`."""
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [
        ("/admin/login/?next=/admin/", 302),
        ("/akun/login/?next=%2Fadmin%2F", 302),
    ]
    assert response.status_code == 200
    return response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"]


def _try(client, url, email, password):
    response = client.post(url, {"login": email, "password": password})
    if response.status_code == 200:
        errors = response.context["form"].non_field_errors().as_data()
        return [e.code for e in errors], " ".join(str(m) for e in errors for m in e.messages)
    return response.status_code, response["Location"]


def test_admin_login_leads_to_the_allauth_login_and_back_to_the_admin(client, staff):
    url = _login_page(client)
    assert url == "/akun/login/?next=%2Fadmin%2F"

    response = client.post(url, {"login": STAFF_EMAIL, "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_the_next_page_is_kept_and_only_on_this_site(client, staff):
    response = client.get("/admin/orders/order/?status__exact=paid")
    assert response["Location"] == "/admin/login/?next=/admin/orders/order/%3Fstatus__exact%3Dpaid"
    response = client.get(response["Location"])
    assert response["Location"] == "/akun/login/?next=%2Fadmin%2Forders%2Forder%2F%3Fstatus__exact%3Dpaid"
    # another site as `next` is dropped: after signing in she lands in the admin, never elsewhere
    response = client.get("/admin/login/?next=https://jahat.example/")
    assert "jahat.example" not in response["Location"].split("?next=")[0]
    response = client.post(response["Location"], {"login": STAFF_EMAIL, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1] == ("/admin/", 302)
    assert response.status_code == 200


def test_posting_to_django_admin_login_form_logs_nobody_in(client, staff):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": STAFF_EMAIL, "password": PASSWORD, "next": "/admin/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/akun/login/?next=%2Fadmin%2F")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_member_without_admin_access_gets_403_not_a_redirect_loop(client):
    member = member_with_account()
    client.force_login(member.user)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_eleven_wrong_passwords_from_one_address_are_throttled(client, staff, private_cache, settings):
    # The per-address limit is a setting (30 by default: carrier addresses are shared); here 10.
    settings.LOGIN_FAILED_PER_ADDRESS = 10
    url = _login_page(client)
    # ten wrong passwords, each for another address, from the same computer: each just "wrong"
    for n in range(10):
        assert _try(client, url, f"tebak{n}@contoh.test", "salah-123") == (["email_password_mismatch"], WRONG)

    # the eleventh is refused before any password is checked …
    assert _try(client, url, STAFF_EMAIL, "salah-123") == (["too_many_login_attempts"], TOO_MANY)
    # … and so is the right password now
    assert _try(client, url, STAFF_EMAIL, PASSWORD) == (["too_many_login_attempts"], TOO_MANY)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_wrong_passwords_for_the_staff_account_are_throttled_after_five(client, staff, private_cache):
    url = _login_page(client)
    answers = [_try(client, url, STAFF_EMAIL, f"salah-{n}") for n in range(11)]

    assert answers[:5] == [(["email_password_mismatch"], WRONG)] * 5
    assert answers[5:] == [(["too_many_login_attempts"], TOO_MANY)] * 6
    assert _try(client, url, STAFF_EMAIL, PASSWORD) == (["too_many_login_attempts"], TOO_MANY)
    assert "_auth_user_id" not in client.session


def test_staff_with_two_factor_sign_in_must_give_the_code(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    url = _login_page(client)

    response = client.post(url, {"login": STAFF_EMAIL, "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/akun/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302, "not signed in before the code"
    response = client.post("/akun/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200 and client.get("/admin/").status_code == 302

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/akun/2fa/authenticate/", {"code": code})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_staff_are_reminded_to_turn_on_two_factor_and_the_pages_render_in_our_layout(staff_client, staff):
    html = staff_client.get("/admin/").content.decode()
    assert "aktifkan verifikasi dua langkah" in html and 'href="/akun/2fa/"' in html

    response = staff_client.get("/akun/2fa/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="brand"' in html, "our base.html, not allauth's bare layout"

    TOTP.activate(staff, generate_totp_secret())
    assert "aktifkan verifikasi dua langkah" not in staff_client.get("/admin/").content.decode()


def test_the_totp_setup_page_shows_the_qr_code(client, staff):
    # activating asks for a recent password: sign in through the page as staff do
    url = _login_page(client)
    client.post(url, {"login": STAFF_EMAIL, "password": PASSWORD})
    response = client.get("/akun/2fa/totp/activate/")
    assert response["Location"] == "/akun/reauthenticate/?next=%2Fakun%2F2fa%2Ftotp%2Factivate%2F"
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1] == ("/akun/2fa/totp/activate/", 302)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'class="brand"' in html


def test_the_admin_menu_leads_staff_to_the_villages_statement_matching(staff_client):
    page = staff_client.get("/admin/")

    assert page.status_code == 200
    assert 'href="/dasbor/mutasi/"' in page.content.decode()
    assert staff_client.get("/dasbor/mutasi/").status_code == 200
