"""What each category needs before it can publish, the badges a buyer sees, and the form's answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from products.exceptions import ProductNotPublishable
from products.models import Product
from products.rules import publish_problems
from products.services import product_duplicate, product_publish
from tests.factories import add_photo, category, jpeg_bytes

from .helpers import (
    VALID_AKD,
    VALID_HALAL,
    VALID_PIRT,
    VALID_TR,
    PhotographedProductFactory,
    complete_jamu,
    form_data,
    login,
    seller,
    upload,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def codes(product) -> dict:
    """{field: [codes]} of every publish problem of `product`."""
    found = {}
    for problem in publish_problems(product):
        for field, errors in problem.error_dict.items():
            found.setdefault(field, []).extend(error.code for error in errors)
    return found


def refused_to_publish(product) -> set:
    """Publishing is refused; the product stays a draft; returns the codes."""
    with pytest.raises(ProductNotPublishable) as excinfo:
        product_publish(product=product)
    product.refresh_from_db()
    assert product.status == Product.Status.DRAFT
    return {
        error.code
        for problem in excinfo.value.problems
        for errs in problem.error_dict.values()
        for error in errs
    }


# ------------------------------------------------------------------------------------------------
# Jamu
# ------------------------------------------------------------------------------------------------
def test_a_complete_jamu_publishes():
    jamu = complete_jamu(status=Product.Status.DRAFT, published_at=None)
    assert publish_problems(jamu) == []
    product_publish(product=jamu)
    jamu.refresh_from_db()
    assert jamu.status == Product.Status.PUBLISHED and jamu.published_at is not None


def test_a_jamu_with_nothing_cannot_publish_and_is_told_each_missing_thing():
    jamu = PhotographedProductFactory(category=category("jamu"), status=Product.Status.DRAFT)
    assert codes(jamu) == {
        "production_date": ["production_date_required"],
        "expiry_date": ["expiry_date_required"],
        "pirt_number": ["permit_required"],
        "halal_status": ["halal_required"],
    }
    assert refused_to_publish(jamu) == {
        "production_date_required",
        "expiry_date_required",
        "permit_required",
        "halal_required",
    }


@pytest.mark.parametrize(("days", "needs_permit"), [(1, False), (6, False), (7, True), (30, True)])
def test_a_fresh_jamu_kept_under_seven_days_needs_no_pirt(days, needs_permit):
    jamu = complete_jamu(
        pirt_number="",
        production_date=TODAY,
        expiry_date=TODAY + timedelta(days=days),
        status=Product.Status.DRAFT,
    )
    assert codes(jamu) == ({"pirt_number": ["permit_required"]} if needs_permit else {})


@pytest.mark.parametrize(
    ("permit", "expected"),
    [
        ({"pirt_number": VALID_PIRT}, {}),
        ({"pirt_number": "", "bpom_number": VALID_TR}, {}),
        ({"pirt_number": "", "bpom_number": "MD 224510107115"}, {}),
    ],
)
def test_a_jamu_sold_as_a_drink_publishes_with_a_pirt_or_a_bpom_number(permit, expected):
    assert codes(complete_jamu(status=Product.Status.DRAFT, **permit)) == expected


@pytest.mark.parametrize(
    ("description", "permit", "refused"),
    [
        ("Obat pegal linu.", {"pirt_number": VALID_PIRT}, True),
        ("Mengobati asam urat.", {"pirt_number": "", "bpom_number": "MD 224510107115"}, True),
        ("Membantu menyembuhkan batuk.", {"pirt_number": "", "bpom_number": VALID_TR}, False),
        ("Obat masuk angin.", {"pirt_number": "", "bpom_number": "TI 174380211"}, False),
        ("Segar dan hangat.", {"pirt_number": VALID_PIRT}, False),
    ],
)
def test_a_jamu_that_claims_to_cure_needs_bpom_tr_not_pirt(description, permit, refused):
    jamu = complete_jamu(description=description, status=Product.Status.DRAFT, **permit)
    assert codes(jamu) == ({"bpom_number": ["treatment_claim_needs_bpom_tr"]} if refused else {})


@pytest.mark.parametrize(
    ("status", "number", "expected"),
    [
        (Product.Halal.SELF_DECLARE, "", {"halal_number": ["halal_number_required"]}),
        (Product.Halal.CERTIFIED, "", {"halal_number": ["halal_number_required"]}),
        (Product.Halal.CERTIFIED, "MUI-123", {"halal_number": ["invalid_halal"]}),
        (Product.Halal.SELF_DECLARE, VALID_HALAL, {}),
        (Product.Halal.CERTIFIED, "ID35110000214820324", {}),
    ],
)
def test_halal_needs_its_certificate_number_on_both_paths(status, number, expected):
    jamu = complete_jamu(halal_status=status, halal_number=number, status=Product.Status.DRAFT)
    assert codes(jamu) == expected


def test_an_expired_pirt_or_best_before_date_refuses_publishing():
    stale_pirt = complete_jamu(pirt_number="206350901012325", status=Product.Status.DRAFT)
    assert codes(stale_pirt) == {"pirt_number": ["pirt_expired"]}
    past = complete_jamu(
        production_date=TODAY - timedelta(days=40), expiry_date=TODAY - timedelta(days=1), status="draft"
    )
    assert codes(past) == {"expiry_date": ["expired"]}
    assert refused_to_publish(past) == {"expired"}


# ------------------------------------------------------------------------------------------------
# Masker and APD
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "name", "permit", "expected"),
    [
        ("masker", "Masker Kain Batik", "", {}),
        ("masker", "Masker Kain Non-Medis", "", {}),
        ("masker", "Masker Medis 3 Ply", "", {"kemenkes_permit": ["medical_claim_needs_akd"]}),
        ("masker", "Masker Medis 3 Ply", "PKD 20203120081", {"kemenkes_permit": ["medical_claim_needs_akd"]}),
        ("masker", "Masker Medis 3 Ply", VALID_AKD, {}),
        ("apd", "Gaun Bedah", "", {"kemenkes_permit": ["medical_claim_needs_akd"]}),
        ("apd", "Gaun APD", "x", {"kemenkes_permit": ["invalid_kemenkes"]}),
        ("apd", "Face Shield", "", {}),
    ],
)
def test_a_mask_or_apd_called_medical_needs_an_akd_or_akl_number(kind, name, permit, expected):
    product = PhotographedProductFactory(
        category=category(kind), name=name, kemenkes_permit=permit, status="draft"
    )
    assert codes(product) == expected


# ------------------------------------------------------------------------------------------------
# Badges: only for valid numbers, each with its number
# ------------------------------------------------------------------------------------------------
def labels(product) -> list[str]:
    return [str(badge["label"]) for badge in product.badges]


def test_badges_show_only_valid_numbers_and_the_number_itself(client):
    jamu = complete_jamu(bpom_number=VALID_TR, halal_status=Product.Halal.CERTIFIED, halal_number=VALID_HALAL)
    assert labels(jamu) == [
        "P-IRT No. 2063509010123-28",
        "BPOM RI TR 193602671",
        f"Halal · {VALID_HALAL}",
    ]
    html = client.get(jamu.get_absolute_url()).content.decode()
    assert "P-IRT No. 2063509010123-28" in html and f"Halal · {VALID_HALAL}" in html


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # what a careless member could claim before: junk earns no badge, only the warnings
        (
            {"halal_status": "self_declare", "halal_number": ""},
            ["P-IRT No. 2063509010123-28", "Belum bersertifikat halal"],
        ),
        (
            {"halal_status": "certified", "halal_number": "ada"},
            ["P-IRT No. 2063509010123-28", "Belum bersertifikat halal"],
        ),
        (
            {"pirt_number": "123456789012345"},
            [f"Halal (pernyataan mandiri) · {VALID_HALAL}", "Belum ada P-IRT/BPOM"],
        ),
        (
            {"pirt_number": "206350901012324"},  # ended with 2024
            [f"Halal (pernyataan mandiri) · {VALID_HALAL}", "Belum ada P-IRT/BPOM"],
        ),
    ],
)
def test_a_jamu_with_junk_numbers_gets_no_badge_for_them(fields, expected):
    assert labels(complete_jamu(**fields)) == expected


@pytest.mark.parametrize(
    ("permit", "expected"),
    [
        ("x", ["Masker kain non-medis (tanpa izin edar alat kesehatan)"]),
        ("KEMENKES RI AKD 20903022671", ["Medis · Izin edar Kemenkes RI AKD 20903022671"]),
        (
            "PKD 20203120081",
            [
                "Perbekalan rumah tangga · Izin edar Kemenkes RI PKD 20203120081",
                "Masker kain non-medis (tanpa izin edar alat kesehatan)",
            ],
        ),
    ],
)
def test_medis_only_for_a_medical_device_number(client, permit, expected):
    mask = PhotographedProductFactory(category=category("masker"), name="Masker", kemenkes_permit=permit)
    assert labels(mask) == expected
    assert mask.is_medical is (expected[0].startswith("Medis"))
    html = client.get(mask.get_absolute_url()).content.decode()
    assert ("Medis · Izin edar" in html) is mask.is_medical


def test_duplicating_a_listing_with_a_junk_number_copies_everything_else():
    mask = PhotographedProductFactory(
        category=category("masker"), name="Masker Batik", kemenkes_permit="x", material="Katun"
    )
    copy = product_duplicate(product=mask)
    assert (copy.kemenkes_permit, copy.material, copy.status) == ("", "Katun", "draft")


# ------------------------------------------------------------------------------------------------
# Through the form: nothing typed is lost
# ------------------------------------------------------------------------------------------------
def _member(client):
    member = seller(name="Siti")
    login(client, member)
    return member


def _form(**overrides):
    """The shared jamu form, its numbers typed as printed on the label, with a photo."""
    printed = {
        "pirt_number": "P-IRT No. 2063509010123-28",
        "halal_number": "ID 3511 0001 3259 01022",
        "photos": [upload("a.jpg", jpeg_bytes(600, 400))],
    }
    return form_data(**{**printed, **overrides})


def test_numbers_typed_as_printed_are_stored_in_canonical_form(client):
    _member(client)
    response = client.post("/dasbor/produk/baru/", _form())
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.pirt_number, product.halal_number, product.status) == (
        VALID_PIRT,
        VALID_HALAL,
        "published",
    )


@pytest.mark.parametrize(
    ("field", "typed", "code", "message"),
    [
        ("pirt_number", "2063509O10123-28", "pirt_not_digits", "Nomor P-IRT hanya berisi angka"),
        ("pirt_number", "2063509010123-19", "pirt_expired", "berlaku sampai akhir tahun 2019"),
        ("bpom_number", "TR 12345", "invalid_bpom", "POM TR 193602671"),
        ("halal_number", "KH.2023.1", "halal_kh_number", "ketetapan halal (KH)"),
    ],
)
def test_a_refused_number_is_explained_and_everything_typed_stays(client, field, typed, code, message):
    _member(client)
    response = client.post("/dasbor/produk/baru/", _form(**{field: typed}))
    assert response.status_code == 400
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()[field]] == [code]
    assert message in form.errors[field][0]
    html = response.content.decode()
    assert f'value="{typed}"' in html  # what she typed, not emptied
    assert 'value="Jamu Kunyit Asam"' in html and 'value="Rp 25.000"' in html
    assert Product.objects.count() == 0


def test_publishing_an_incomplete_jamu_puts_each_problem_by_its_field_and_saves_nothing(client):
    _member(client)
    response = client.post(
        "/dasbor/produk/baru/",
        _form(pirt_number="", halal_status="", halal_number="", production_date="", expiry_date=""),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()
    assert {field: [e.code for e in errs] for field, errs in errors.items()} == {
        "production_date": ["production_date_required"],
        "expiry_date": ["expiry_date_required"],
        "pirt_number": ["permit_required"],
        "halal_status": ["halal_required"],
    }
    assert Product.objects.count() == 0
    # the same listing may be kept as a draft meanwhile
    response = client.post(
        "/dasbor/produk/baru/",
        _form(
            pirt_number="",
            halal_status="",
            halal_number="",
            production_date="",
            expiry_date="",
            action="draft",
        ),
    )
    assert response.status_code == 302
    assert Product.objects.get().status == Product.Status.DRAFT


def test_a_number_refused_in_the_other_kinds_fields_does_not_block_a_mask(client):
    _member(client)
    response = client.post(
        "/dasbor/produk/baru/",
        _form(
            name="Masker Kain Batik", category=category("masker").pk, pirt_number="salah", kemenkes_permit=""
        ),
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.pirt_number, product.halal_number, product.status) == ("", "", "published")


def test_a_halal_number_without_its_kind_is_asked_for(client):
    _member(client)
    response = client.post("/dasbor/produk/baru/", _form(halal_status=""))
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["halal_status"]] == [
        "halal_status_required"
    ]


def test_the_dashboard_publish_button_sends_her_to_the_form_with_the_reasons(client):
    member = _member(client)
    jamu = PhotographedProductFactory(
        shop=member.shop, made_by=member, category=category("jamu"), status="draft"
    )
    add_photo(jamu)
    response = client.post(f"/dasbor/produk/{jamu.pk}/terbitkan/", follow=True)
    assert response.redirect_chain[-1][0] == f"/dasbor/produk/{jamu.pk}/"
    assert "Tulis tanggal produksi jamu ini." in response.content.decode()
    jamu.refresh_from_db()
    assert jamu.status == "draft"
