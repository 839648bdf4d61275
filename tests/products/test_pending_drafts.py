"""A member waiting for her ketua's approval prepares drafts; she cannot publish them yet."""

import pytest

from members.models import MemberProfile
from products.models import Product
from tests.factories import ProductFactory, add_photo
from tests.products.helpers import form_data, login, seller, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(client):
    member = seller(status=MemberProfile.Status.PENDING, name="Bu Sri")
    login(client, member)
    return member


def test_a_pending_member_saves_a_draft_with_a_photo_and_is_its_maker(client, waiting):
    form = client.get("/dasbor/produk/baru/")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="publish"' not in html and "draf bisa terbit setelah Anda disetujui" in html

    response = client.post("/dasbor/produk/baru/", {**form_data(action="draft"), "photos": [upload()]})

    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.status, product.made_by, product.images.count()) == ("draft", waiting, 1)
    assert "Jamu Kunyit Asam" in client.get("/dasbor/produk/").content.decode()


def test_a_pending_member_cannot_publish_from_the_form_and_nothing_is_saved(client, waiting):
    response = client.post("/dasbor/produk/baru/", {**form_data(action="publish"), "photos": [upload()]})

    assert response.status_code == 400
    errors = response.context["form"].non_field_errors().as_data()
    assert [e.code for e in errors] == ["not_approved"]
    assert Product.objects.count() == 0


def test_a_pending_member_cannot_publish_her_draft_from_the_list(client, waiting):
    draft = ProductFactory(shop=waiting.shop, made_by=waiting, status=Product.Status.DRAFT)
    add_photo(draft)

    response = client.post(f"/dasbor/produk/{draft.pk}/terbitkan/", follow=True)

    said = [str(m) for m in response.context["messages"]]
    assert said == ["Draf tersimpan bisa terbit setelah ketua desa menyetujui Anda sebagai anggota."]
    draft.refresh_from_db()
    assert draft.status == Product.Status.DRAFT


def test_the_pending_status_page_invites_her_to_prepare_drafts(client, waiting):
    html = client.get("/dasbor/").content.decode()
    assert 'href="/dasbor/produk/baru/"' in html and "Siapkan draf produk" in html
