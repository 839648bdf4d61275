"""
Login lockouts that keep brute force out but cannot lock the owner out (item 4).

Real allauth login view, real cache (Redis when REDIS_URL is set); addresses set per request.
"""

import pytest
from django.test import Client
from django.urls import reverse

from members.adapter import DEVICE_COOKIE
from tests.factories import member_with_account

pytestmark = pytest.mark.django_db

LOCKED = "Terlalu banyak percobaan masuk yang salah."
KETUA = "ketua.sabrang@contoh.test"
RIGHT = "rahasia-123"


@pytest.fixture
def ketua():
    return member_with_account(role="ketua", email=KETUA)


def attempt(client, password, *, address, email=KETUA):
    response = client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )
    return response


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def sign_out_keeping_device(client):
    """Sign out as a person does: the browser keeps its other cookies (Client.logout drops them all)."""
    device = client.cookies[DEVICE_COOKIE].value
    client.logout()
    client.cookies[DEVICE_COOKIE] = device


def test_wrong_passwords_from_one_address_lock_that_address_only(ketua):
    attacker = Client()
    # Given five wrong passwords for the ketua from the attacker's address
    for _ in range(5):
        response = attempt(attacker, "salah-salah", address="10.1.1.1")
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    # Then the sixth try there is refused, even with the right password
    response = attempt(attacker, RIGHT, address="10.1.1.1")
    assert LOCKED in response.content.decode()
    assert not signed_in(attacker)
    # But the ketua, from her own phone's address, gets in
    owner = Client()
    response = attempt(owner, RIGHT, address="10.2.2.2")
    assert response.status_code == 302
    assert signed_in(owner)


def test_the_owner_gets_in_from_her_known_phone_even_behind_the_attackers_address(ketua):
    # Given the ketua signed in once from her phone (it now carries the known-device cookie)
    phone = Client()
    assert attempt(phone, RIGHT, address="10.9.9.9").status_code == 302
    assert DEVICE_COOKIE in phone.cookies
    sign_out_keeping_device(phone)
    # When an attacker behind the same carrier address, and from twenty more, fails again and again
    attacker = Client()
    for i in range(25):
        attempt(attacker, "salah-salah", address=f"10.9.9.{9 if i < 6 else i}")
    # Then a new browser is locked out of this account (a spread-out attack is still stopped)
    stranger = Client()
    assert LOCKED in attempt(stranger, RIGHT, address="10.7.7.7").content.decode()
    assert not signed_in(stranger)
    # while her own phone, at the same shared address, still gets in
    response = attempt(phone, RIGHT, address="10.9.9.9")
    assert response.status_code == 302
    assert signed_in(phone)


def test_her_known_phone_has_its_own_lock_for_wrong_passwords(ketua):
    phone = Client()
    attempt(phone, RIGHT, address="10.9.9.9")
    sign_out_keeping_device(phone)
    for _ in range(5):
        assert LOCKED not in attempt(phone, "salah-salah", address="10.9.9.9").content.decode()
    assert LOCKED in attempt(phone, RIGHT, address="10.9.9.9").content.decode()
    assert not signed_in(phone)


def test_a_forged_device_cookie_counts_as_an_unknown_browser(ketua):
    forger = Client()
    forger.cookies[DEVICE_COOKIE] = "eyJkIjoieCIsImEiOltdfQ:forged:sig"
    for _ in range(5):
        attempt(forger, "salah-salah", address="10.3.3.3")
    assert LOCKED in attempt(forger, RIGHT, address="10.3.3.3").content.decode()


def test_ten_failures_on_one_carrier_address_do_not_lock_the_others_behind_it(ketua):
    # Given ten people behind one carrier address, each mistyping her own password once
    people = [member_with_account(email=f"anggota{i}@contoh.test") for i in range(10)]
    for person in people:
        attempt(Client(), "salah-salah", address="36.80.0.1", email=person.user.email)
    # Then the ketua, behind the same address, still signs in
    owner = Client()
    assert attempt(owner, RIGHT, address="36.80.0.1").status_code == 302
    assert signed_in(owner)


def test_a_script_trying_many_accounts_from_one_address_is_stopped(ketua, settings):
    settings.LOGIN_FAILED_PER_ADDRESS = 12
    script = Client()
    for i in range(12):
        assert (
            LOCKED
            not in attempt(script, "x-salah", address="10.5.5.5", email=f"x{i}@contoh.test").content.decode()
        )
    assert LOCKED in attempt(script, RIGHT, address="10.5.5.5").content.decode()
    assert not signed_in(script)


# ----------------------------------------------------------------------------------------------
# Staff work in the admin only with two-factor sign-in on
# ----------------------------------------------------------------------------------------------
def test_staff_without_two_factor_are_sent_to_turn_it_on_before_any_admin_page(staff_client, staff, settings):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from orders.models import Order

    settings.ADMIN_REQUIRE_MFA = True
    for path in ["/admin/", "/admin/orders/order/", "/admin/laporan/"]:
        response = staff_client.get(path)
        assert (response.status_code, response["Location"]) == (302, "/akun/2fa/totp/activate/"), path
    # an action posted anyway changes nothing
    response = staff_client.post(
        "/admin/orders/order/", {"action": "confirm_payment", "_selected_action": []}
    )
    assert response.status_code == 302 and response["Location"] == "/akun/2fa/totp/activate/"
    assert Order.objects.count() == 0
    # once the authenticator app is on, the admin opens
    TOTP.activate(staff, generate_totp_secret())
    assert staff_client.get("/admin/").status_code == 200


def test_the_development_demo_does_not_require_it_and_says_so(staff_client, settings):
    settings.ADMIN_REQUIRE_MFA = False
    html = staff_client.get("/admin/").content.decode()
    assert "Mode demo: verifikasi dua langkah belum diwajibkan di sini" in html


def test_production_settings_require_it():
    from tests.deploy.conftest import production_settings

    assert production_settings(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="a.example")[
        "ADMIN_REQUIRE_MFA"
    ]
    assert not production_settings(DJANGO_DEBUG="1")["ADMIN_REQUIRE_MFA"]
