"""The 400 and 403 pages, and a form refused for its security token (CSRF), in Indonesian."""

import pytest
from django.test import Client

from products.models import Product
from tests.factories import member_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_tab(db):
    """Her phone's browser: logged in, but the form's token is from before she logged in again."""
    member = member_with_account()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member.user)
    client.get("/dasbor/produk/baru/")  # sets the current csrftoken cookie
    return client


FORM = {
    "csrfmiddlewaretoken": "x" * 32,
    "name": "Jamu Beras Kencur",
    "price": "15.000",
    "description": "Segar",
}


def test_a_stale_form_from_this_site_gets_an_indonesian_page_that_can_send_it_again(stale_tab):
    response = stale_tab.post(
        "/dasbor/produk/baru/", {**FORM, "password": "rahasia"}, HTTP_SEC_FETCH_SITE="same-origin"
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir belum terkirim" in html and 'lang="id"' in html
    assert '<input type="hidden" name="name" value="Jamu Beras Kencur">' in html
    assert '<input type="hidden" name="price" value="15.000">' in html
    assert "rahasia" not in html and "x" * 32 not in html  # no password, not the old token
    assert Product.objects.count() == 0

    # Sending it again from that page (with the page's fresh token) gets through the CSRF check.
    token = response.context["csrf_token"]
    again = stale_tab.post("/dasbor/produk/baru/", {**FORM, "csrfmiddlewaretoken": str(token)})
    assert again.status_code == 400  # the product form itself now answers (its other fields)
    assert again.context["form"]["name"].value() == "Jamu Beras Kencur"


def test_a_form_from_another_site_is_explained_but_never_offered_for_sending(stale_tab):
    response = stale_tab.post("/dasbor/produk/baru/", FORM, HTTP_SEC_FETCH_SITE="cross-site")

    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir belum terkirim" in html
    assert "Jamu Beras Kencur" not in html and "Kirim lagi isian saya" not in html


def test_the_400_page_is_indonesian_in_the_sites_design(client):
    response = client.get("/", HTTP_HOST="bukan-situs-ini.example")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Permintaan tidak bisa dibaca" in html
    assert 'class="error"' in html and "Desbumi Market" in html


def test_the_403_page_is_indonesian_in_the_sites_design(client):
    anggota = member_with_account().user  # the members' list is the ketua's
    client.force_login(anggota)
    response = client.get("/dasbor/anggota/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "Tidak diizinkan" in html and 'class="error"' in html
