"""Nothing lost without a word: photos beyond the maximum are refused with a message."""

import pytest

from products.models import Product, ProductImage
from products.services import MAX_PHOTOS, photo_stage
from tests.products.helpers import form_data, login, seller, upload

pytestmark = pytest.mark.django_db


def test_photos_beyond_the_maximum_are_refused_by_name_and_nothing_is_saved(client):
    siti = seller()
    login(client, siti)
    files = [upload(f"foto{i}.jpg") for i in range(MAX_PHOTOS + 2)]

    response = client.post("/dasbor/produk/baru/", {**form_data(), "photos": files})

    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()["photos"]
    assert [e.code for e in errors] == ["too_many_photos"]
    assert errors[0].messages == [
        f"Foto ini tidak tersimpan karena paling banyak {MAX_PHOTOS} foto per produk: "
        f"foto{MAX_PHOTOS}.jpg, foto{MAX_PHOTOS + 1}.jpg."
    ]
    assert Product.objects.count() == 0
    # The first eight are staged and shown again with her form, ready to save.
    assert len(response.context["photos"]) == MAX_PHOTOS


def test_more_listed_photos_than_allowed_ask_her_to_remove_some(client):
    siti = seller()
    login(client, siti)
    staged = [photo_stage(member=siti, uploaded=upload()).pk for _ in range(MAX_PHOTOS + 1)]

    response = client.post("/dasbor/produk/baru/", {**form_data(), "photo": staged})

    assert response.status_code == 400
    assert response.context["form"].errors["photos"] == [
        f"Ada {MAX_PHOTOS + 1} foto, paling banyak {MAX_PHOTOS}. Hapus 1 foto, lalu simpan lagi."
    ]
    assert Product.objects.count() == 0
    assert ProductImage.objects.filter(pk__in=staged, product__isnull=True).count() == MAX_PHOTOS + 1
