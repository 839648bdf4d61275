"""Member pages: who may open or do what (the permission matrix), and what each page says."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from members.models import MemberProfile, User
from products.models import Product
from tests.factories import (
    ProductFactory,
    UserFactory,
    jpeg_bytes,
    member_with_account,
    staff_user,
    verified,
    village,
)

pytestmark = pytest.mark.django_db

Status = MemberProfile.Status
KETUA = MemberProfile.Role.KETUA


def _snapshot():
    """Every row a member page could change: a refused request must leave all of it as it was."""
    return (
        list(MemberProfile.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values_list("pk", "email", "is_active")),
        list(Product.objects.order_by("pk").values_list("pk", "status", "made_by_id", "shop_id")),
    )


@pytest.fixture
def world():
    """Two villages, someone of every kind, a waiting request and a helper in Sabrang."""
    people = {
        "no_profile": verified(UserFactory(email="pembeli@contoh.test")),
        "pending": member_with_account(shop="sabrang", status=Status.PENDING, display_name="Bu Ani").user,
        "anggota_sabrang": member_with_account(shop="sabrang", display_name="Bu Sri").user,
        "ketua_sabrang": member_with_account(shop="sabrang", role=KETUA, display_name="Bu Wati").user,
        "ketua_wonoasri": member_with_account(shop="wonoasri", role=KETUA, display_name="Bu Lastri").user,
        "anggota_wonoasri": member_with_account(shop="wonoasri", display_name="Bu Nur").user,
        "suspended": member_with_account(
            shop="sabrang", status=Status.SUSPENDED, display_name="Bu Yuni"
        ).user,
        "staff": staff_user(),
    }
    request = member_with_account(
        shop="sabrang", status=Status.PENDING, display_name="Siti Rahayu", story="Tujuh tahun di Taiwan."
    )
    helper = member_with_account(shop="sabrang", display_name="Mbak Dewi")
    ProductFactory(shop=village("sabrang"), made_by=people["anggota_sabrang"].member_profile)
    return {"people": people, "request": request, "helper": helper}


# ----------------------------------------------------------------------------------------------
# The permission matrix
# ----------------------------------------------------------------------------------------------
ACTORS = [
    "anonymous",
    "no_profile",
    "pending",
    "anggota_sabrang",
    "ketua_sabrang",
    "ketua_wonoasri",
    "anggota_wonoasri",
    "suspended",
    "staff",
]

# (method, URL, POST data) of every members dashboard page and action.
ENDPOINTS = {
    "dashboard": ("get", lambda w: reverse("members:dashboard"), None),
    "join": ("get", lambda w: reverse("members:join"), None),
    "join POST": (
        "post",
        lambda w: reverse("members:join"),
        lambda w: {"shop": village("sabrang").pk, "display_name": "Nama Baru", "phone": "0812 9999 8888"},
    ),
    "profile": ("get", lambda w: reverse("members:profile"), None),
    "profile POST": (
        "post",
        lambda w: reverse("members:profile"),
        lambda w: {"display_name": "Nama Baru", "phone": "", "story": ""},
    ),
    "data export": ("get", lambda w: reverse("members:data_export"), None),
    "delete": ("get", lambda w: reverse("members:delete_account"), None),
    "delete POST": ("post", lambda w: reverse("members:delete_account"), lambda w: {"confirm": "on"}),
    "members": ("get", lambda w: reverse("members:ketua_members"), None),
    "member add": ("get", lambda w: reverse("members:ketua_member_add"), None),
    "member add POST": (
        "post",
        lambda w: reverse("members:ketua_member_add"),
        lambda w: {"display_name": "Mbok Tun", "phone": ""},
    ),
    "approve GET": ("get", lambda w: reverse("members:ketua_member_approve", args=[w["request"].pk]), None),
    "approve": (
        "post",
        lambda w: reverse("members:ketua_member_approve", args=[w["request"].pk]),
        lambda w: {},
    ),
    "reject": (
        "post",
        lambda w: reverse("members:ketua_member_reject", args=[w["request"].pk]),
        lambda w: {f"tolak-{w['request'].pk}-reason": "Belum kenal"},
    ),
    "orders": (
        "post",
        lambda w: reverse("members:ketua_member_orders", args=[w["helper"].pk]),
        lambda w: {"value": "1"},
    ),
}

# What each person gets: a number is the status code; a letter is a redirect to L the login page
# (with ?next=), D /dasbor/, P /dasbor/produk/, M /dasbor/anggota/, H the home page, S the same
# URL; a trailing "+" means the request changed something, otherwise nothing may change.
# Columns follow ACTORS.
# fmt: off
MATRIX = {
    #                   anon  none  pend  ang-S  ket-S  ket-W  ang-W  susp  staff
    "dashboard":       ["L",  200,  200,  "P",   "P",   "P",   "P",   200,  200],
    "join":            ["L",  200,  "D",  "D",   "D",   "D",   "D",   "D",  200],
    "join POST":       ["L",  "D+", "D",  "D",   "D",   "D",   "D",   "D",  "D+"],
    "profile":         ["L",  "D",  200,  200,   200,   200,   200,   200,  "D"],
    "profile POST":    ["L",  "D",  "S+", "S+",  "S+",  "S+",  "S+",  "S+", "D"],
    "data export":     ["L",  "D",  200,  200,   200,   200,   200,   200,  "D"],
    "delete":          ["L",  "D",  200,  200,   200,   200,   200,   200,  "D"],
    "delete POST":     ["L",  "D",  "H+", "H+",  "H+",  "H+",  "H+",  "H+", "D"],
    "members":         ["L",  "D",  "D",  403,   200,   200,   403,   "D",  "D"],
    "member add":      ["L",  "D",  "D",  403,   200,   200,   403,   "D",  "D"],
    "member add POST": ["L",  "D",  "D",  403,   "M+",  "M+",  403,   "D",  "D"],
    "approve GET":     ["L",  "D",  "D",  403,   405,   405,   403,   "D",  "D"],
    "approve":         ["L",  "D",  "D",  403,   "M+",  404,   403,   "D",  "D"],
    "reject":          ["L",  "D",  "D",  403,   "M+",  404,   403,   "D",  "D"],
    "orders":          ["L",  "D",  "D",  403,   "M+",  404,   403,   "D",  "D"],
}
# fmt: on
REDIRECTS = {"D": "/dasbor/", "P": "/dasbor/produk/", "M": "/dasbor/anggota/", "H": "/"}
CASES = [
    pytest.param(actor, endpoint, MATRIX[endpoint][i], id=f"{endpoint}-{actor}")
    for endpoint in ENDPOINTS
    for i, actor in enumerate(ACTORS)
]


def test_the_matrix_covers_every_members_dashboard_url(world):
    from members.urls import urlpatterns

    dashboard = {p.name for p in urlpatterns if str(p.pattern).startswith("dasbor/")}
    covered = {resolve(url_for(world)).url_name for _, url_for, _ in ENDPOINTS.values()}
    assert covered == dashboard
    assert set(MATRIX) == set(ENDPOINTS)
    assert {len(row) for row in MATRIX.values()} == {len(ACTORS)}


@pytest.mark.parametrize(("actor", "endpoint", "expected"), CASES)
def test_permission_matrix(client, world, actor, endpoint, expected):
    # Given a person of this kind
    if actor != "anonymous":
        client.force_login(world["people"][actor])
    method, url_for, data_for = ENDPOINTS[endpoint]
    url = url_for(world)
    before = _snapshot()

    # When she opens the page or does the action
    response = getattr(client, method)(url, data_for(world) if data_for else None)

    # Then she gets what the matrix says, and only an allowed action changes anything
    expected = str(expected)
    changes = expected.endswith("+")
    expected = expected.removesuffix("+")
    if expected.isdigit():
        assert response.status_code == int(expected)
    else:
        location = {"L": f"{settings.LOGIN_URL}?next={url}", "S": url}.get(expected, REDIRECTS.get(expected))
        assert (response.status_code, response["Location"]) == (302, location)
    assert (_snapshot() != before) is changes


@pytest.mark.parametrize("action", ["ketua_member_approve", "ketua_member_reject", "ketua_member_orders"])
def test_another_village_s_member_or_an_unknown_id_is_a_404_for_the_ketua(client, world, action):
    # Given the ketua of Sabrang, a request in Wonoasri and an approved anggota of Wonoasri
    client.force_login(world["people"]["ketua_sabrang"])
    wonoasri_request = member_with_account(shop="wonoasri", status=Status.PENDING, display_name="Bu Tini")
    wonoasri_anggota = world["people"]["anggota_wonoasri"].member_profile
    before = _snapshot()

    # When she types their ids (or one that does not exist) into the action URL
    for pk in (wonoasri_request.pk, wonoasri_anggota.pk, 999_999):
        response = client.post(reverse(f"members:{action}", args=[pk]), {"value": "1"})
        # Then it does not exist for her
        assert response.status_code == 404

    assert _snapshot() == before


def test_a_deleted_member_of_her_own_village_is_a_404_for_the_ketua(client, world):
    from members.services import member_delete_account

    client.force_login(world["people"]["ketua_sabrang"])
    member_delete_account(member=world["helper"])
    before = _snapshot()

    response = client.post(reverse("members:ketua_member_orders", args=[world["helper"].pk]), {"value": "1"})

    assert response.status_code == 404
    assert _snapshot() == before


# ----------------------------------------------------------------------------------------------
# The dashboard home tells each person where she stands
# ----------------------------------------------------------------------------------------------
def test_without_a_profile_she_is_invited_to_join(client):
    client.force_login(verified(UserFactory()))

    html = client.get("/dasbor/").content.decode()

    assert "Selamat datang di Desbumi Market" in html
    assert f'href="{reverse("members:join")}"' in html
    assert "Buka halaman admin" not in html


def test_staff_without_a_profile_get_the_admin_link(client):
    client.force_login(staff_user())

    html = client.get("/dasbor/").content.decode()

    assert "Halo, tim Migrant CARE" in html
    assert 'href="/admin/"' in html


def test_a_pending_member_sees_her_request_waits_for_the_ketua_of_her_village(client):
    member = member_with_account(shop="wonoasri", status=Status.PENDING)
    MemberProfile.objects.filter(pk=member.pk).update(requested_at="2026-11-03T09:00:00+07:00")
    client.force_login(member.user)

    html = client.get("/dasbor/").content.decode()

    assert "Permintaan Anda sedang menunggu" in html
    assert (
        "Permintaan bergabung dengan Desa Wonoasri sudah dikirim ke ketua desa pada 3 November 2026." in html
    )


def test_a_rejected_member_reads_the_reason_and_may_ask_again(client):
    member = member_with_account(
        status=Status.REJECTED, rejection_reason="Belum pernah ikut pertemuan PPT di balai desa."
    )
    client.force_login(member.user)

    html = client.get("/dasbor/").content.decode()

    assert "Permintaan Anda belum disetujui" in html
    assert "Belum pernah ikut pertemuan PPT di balai desa." in html
    assert f'href="{reverse("members:join")}"' in html


def test_a_suspended_member_is_told_her_products_are_hidden(client):
    member = member_with_account(status=Status.SUSPENDED)
    client.force_login(member.user)

    html = client.get("/dasbor/").content.decode()

    assert "Akun penjual Anda dibekukan" in html
    assert "produk Anda tidak tampil di pasar" in html


def test_an_approved_member_of_an_inactive_village_gets_a_page_not_a_redirect_loop(client):
    member = member_with_account(shop="ambulu")
    member.shop.is_active = False
    member.shop.save()
    client.force_login(member.user)

    response = client.get("/dasbor/")

    assert response.status_code == 200
    assert "Desa Ambulu sedang tidak aktif" in response.content.decode()


# ----------------------------------------------------------------------------------------------
# Joining
# ----------------------------------------------------------------------------------------------
def test_the_join_form_offers_only_active_villages(client):
    for slug in ("wonoasri", "sabrang", "ambulu", "dukuhdempok"):
        village(slug)
    ambulu = village("ambulu")
    ambulu.is_active = False
    ambulu.save()
    client.force_login(verified(UserFactory()))

    form = client.get(reverse("members:join")).context["form"]

    assert [label for _, label in form.fields["shop"].choices] == [
        "— Pilih desa —",
        "Dukuhdempok (Kec. Wuluhan)",
        "Sabrang (Kec. Ambulu)",
        "Wonoasri (Kec. Tempurejo)",
    ]


def test_the_join_list_names_each_village_with_its_kecamatan(client):
    for slug in ("wonoasri", "sabrang", "ambulu", "dukuhdempok"):
        village(slug)
    client.force_login(verified(UserFactory()))

    html = client.get(reverse("members:join")).content.decode()

    assert ">Ambulu (Kec. Ambulu)</option>" in html and ">Sabrang (Kec. Ambulu)</option>" in html


def test_a_join_form_with_mistakes_comes_back_with_everything_she_typed(client):
    ambulu = village("ambulu")
    ambulu.is_active = False
    ambulu.save()
    user = verified(UserFactory())
    client.force_login(user)

    response = client.post(
        reverse("members:join"),
        {"shop": ambulu.pk, "display_name": "Siti Rahayu", "phone": "0812", "story": "Di Taiwan " * 30},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert {field: [e.code for e in errors] for field, errors in form.errors.as_data().items()} == {
        "shop": ["invalid_choice"],
        "phone": ["invalid_phone"],
        "story": ["max_length"],
    }
    html = response.content.decode()
    assert 'value="Siti Rahayu"' in html
    assert 'value="0812"' in html
    assert "Nomor HP tidak dikenali. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890." in html
    assert MemberProfile.objects.filter(user=user).exists() is False


def test_an_empty_join_form_asks_for_each_required_field(client):
    client.force_login(verified(UserFactory()))

    form = client.post(reverse("members:join"), {}).context["form"]

    assert {field: [e.code for e in errors] for field, errors in form.errors.as_data().items()} == {
        "shop": ["required"],
        "display_name": ["required"],
        "phone": ["required"],
    }
    assert form.errors["shop"] == ["Pilih desa Anda."]


def test_joining_sends_the_request_and_shows_where_it_stands(client):
    user = verified(UserFactory())
    client.force_login(user)

    response = client.post(
        reverse("members:join"),
        {"shop": village("sabrang").pk, "display_name": "Siti Rahayu", "phone": "+62 812 3456 7890"},
        follow=True,
    )

    assert response.redirect_chain == [("/dasbor/", 302)]
    html = response.content.decode()
    assert "Permintaan Anda sudah terkirim ke ketua desa." in html
    assert "Permintaan Anda sedang menunggu" in html
    member = MemberProfile.objects.get(user=user)
    assert (member.status, member.phone, member.shop.slug) == (Status.PENDING, "+6281234567890", "sabrang")


def test_after_a_rejection_the_join_form_has_what_she_wrote_last_time(client):
    member = member_with_account(
        shop="wonoasri", status=Status.REJECTED, display_name="Siti Rahayu", phone="+6281234567890"
    )
    client.force_login(member.user)

    form = client.get(reverse("members:join")).context["form"]

    assert (form.initial["shop"], form.initial["display_name"], form.initial["phone"]) == (
        village("wonoasri").pk,
        "Siti Rahayu",
        "+6281234567890",
    )


# ----------------------------------------------------------------------------------------------
# Her profile
# ----------------------------------------------------------------------------------------------
def _profile_data(**overrides):
    data = {
        "display_name": "Siti Rahayu",
        "phone": "0812-3456-7890",
        "story": "Tujuh tahun di Taiwan.",
        "consent_public_profile": "on",
        "consent_show_story": "on",
    }
    data.update(overrides)
    return data


def test_she_saves_her_profile_and_her_public_page_shows_only_what_she_agreed_to(client):
    member = member_with_account(display_name="Siti", consent_public_profile=False)
    client.force_login(member.user)

    response = client.post(
        reverse("members:profile"),
        _profile_data(photo=SimpleUploadedFile("IMG_2001.jpg", jpeg_bytes(), content_type="image/jpeg")),
        follow=True,
    )

    assert response.redirect_chain == [("/dasbor/profil/", 302)]
    assert "Profil Anda sudah disimpan." in response.content.decode()
    member.refresh_from_db()
    assert (member.display_name, member.phone, member.consent_public_profile) == (
        "Siti Rahayu",
        "+6281234567890",
        True,
    )
    assert member.photo.name.endswith(".webp")
    public = client.get(member.get_absolute_url()).content.decode()
    assert "Tujuh tahun di Taiwan." in public
    assert member.photo.url not in public  # no consent for the photo
    assert "wa.me" not in public  # nor for the phone


def test_a_bad_photo_comes_back_beside_the_field_with_the_rest_kept_and_nothing_saved(client):
    member = member_with_account(display_name="Siti")
    client.force_login(member.user)
    before = _snapshot()

    response = client.post(
        reverse("members:profile"),
        _profile_data(
            photo=SimpleUploadedFile("foto.jpg", b"<html>bukan foto</html>", content_type="image/jpeg")
        ),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert {field: [e.code for e in errors] for field, errors in form.errors.as_data().items()} == {
        "photo": ["image_bad_format"]
    }
    html = response.content.decode()
    assert "File ini bukan foto JPEG, PNG atau WebP." in html
    assert 'value="Siti Rahayu"' in html
    assert "Tujuh tahun di Taiwan." in html
    assert _snapshot() == before


def test_a_bad_phone_on_the_profile_comes_back_with_its_message(client):
    member = member_with_account(display_name="Siti")
    client.force_login(member.user)
    before = _snapshot()

    response = client.post(reverse("members:profile"), _profile_data(phone="12345"))

    assert [e.code for e in response.context["form"].errors.as_data()["phone"]] == ["invalid_phone"]
    assert _snapshot() == before


def test_her_data_downloads_as_a_json_file_nobody_caches(client):
    member = member_with_account(display_name="Siti Rahayu", email="siti@contoh.test")
    ProductFactory(shop=member.shop, made_by=member, name="Jamu Beras Kencur")
    client.force_login(member.user)

    response = client.get(reverse("members:data_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="data-saya-desbumi-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert (data["account"]["email"], data["profile"]["display_name"]) == ("siti@contoh.test", "Siti Rahayu")
    assert [p["name"] for p in data["products"]] == ["Jamu Beras Kencur"]
    assert data["orders"] == {"placed": [], "sold": [], "steps_taken": []}


def test_deleting_needs_the_box_ticked(client):
    member = member_with_account()
    client.force_login(member.user)
    before = _snapshot()

    response = client.post(reverse("members:delete_account"), {})

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["confirm"]] == ["required"]
    assert _snapshot() == before


def test_deleting_her_account_logs_her_out_and_archives_her_products(client):
    member = member_with_account(display_name="Siti Rahayu")
    product = ProductFactory(shop=member.shop, made_by=member)
    client.force_login(member.user)

    response = client.post(reverse("members:delete_account"), {"confirm": "on"}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Akun Anda sudah dihapus. Terima kasih." in response.content.decode()
    assert response.wsgi_request.user.is_authenticated is False
    assert client.get("/dasbor/")["Location"] == "/akun/login/?next=/dasbor/"
    member.refresh_from_db()
    assert (member.status, member.display_name, member.user) == (Status.DELETED, "Anggota terhapus", None)
    assert Product.objects.get(pk=product.pk).status == Product.Status.ARCHIVED


# ----------------------------------------------------------------------------------------------
# The ketua's page
# ----------------------------------------------------------------------------------------------
def test_the_ketua_sees_the_requests_and_members_of_her_village_only(client, world):
    client.force_login(world["people"]["ketua_sabrang"])

    response = client.get(reverse("members:ketua_members"))

    assert [m.display_name for m in response.context["pending"]] == ["Bu Ani", "Siti Rahayu"]
    assert [m.display_name for m in response.context["approved"]] == ["Bu Sri", "Bu Wati", "Mbak Dewi"]
    assert [m.display_name for m in response.context["others"]] == ["Bu Yuni"]
    html = response.content.decode()
    assert "Tujuh tahun di Taiwan." in html
    for name in ("Bu Lastri", "Bu Nur"):
        assert name not in html


def test_the_ketua_of_another_village_does_not_see_sabrang_s_requests(client, world):
    client.force_login(world["people"]["ketua_wonoasri"])

    response = client.get(reverse("members:ketua_members"))

    assert response.context["pending"] == []
    assert [m.display_name for m in response.context["approved"]] == ["Bu Lastri", "Bu Nur"]
    assert "Siti Rahayu" not in response.content.decode()


def test_the_ketua_page_costs_the_same_queries_for_3_or_15_members(client):
    ketua = member_with_account(role=KETUA)
    client.force_login(ketua.user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("members:ketua_members")).status_code == 200
        return len(queries)

    for i in range(3):
        member_with_account(status=[Status.PENDING, Status.APPROVED, Status.REJECTED][i % 3])
    few = count()
    for i in range(12):
        member_with_account(status=[Status.PENDING, Status.APPROVED, Status.REJECTED][i % 3])
    many = count()

    assert few == many
    assert many <= 6


def test_approving_shows_a_message_and_moves_her_to_the_members(client, world):
    client.force_login(world["people"]["ketua_sabrang"])

    response = client.post(reverse("members:ketua_member_approve", args=[world["request"].pk]), follow=True)

    assert "Siti Rahayu sudah disetujui." in response.content.decode()
    assert "Siti Rahayu" in [m.display_name for m in response.context["approved"]]


def test_approving_twice_says_why_and_changes_nothing(client, world):
    client.force_login(world["people"]["ketua_sabrang"])
    url = reverse("members:ketua_member_approve", args=[world["request"].pk])
    client.post(url)
    before = _snapshot()

    response = client.post(url, follow=True)

    assert "Status Siti Rahayu sekarang “Disetujui”; langkah ini tidak bisa dilakukan." in (
        response.content.decode()
    )
    assert _snapshot() == before


def test_rejecting_keeps_the_reason_for_her(client, world):
    client.force_login(world["people"]["ketua_sabrang"])
    pk = world["request"].pk

    response = client.post(
        reverse("members:ketua_member_reject", args=[pk]),
        {f"tolak-{pk}-reason": "Belum pernah ikut pertemuan PPT."},
        follow=True,
    )

    assert "Permintaan Siti Rahayu sudah ditolak." in response.content.decode()
    world["request"].refresh_from_db()
    assert (world["request"].status, world["request"].rejection_reason) == (
        Status.REJECTED,
        "Belum pernah ikut pertemuan PPT.",
    )


def test_a_too_long_reason_comes_back_in_the_open_form_and_nothing_changes(client, world):
    client.force_login(world["people"]["ketua_sabrang"])
    pk = world["request"].pk
    before = _snapshot()

    response = client.post(
        reverse("members:ketua_member_reject", args=[pk]), {f"tolak-{pk}-reason": "x" * 501}
    )

    assert response.status_code == 200
    request = next(m for m in response.context["pending"] if m.pk == pk)
    assert [e.code for e in request.reject_form.errors.as_data()["reason"]] == ["max_length"]
    html = response.content.decode()
    assert '<details class="reject" open>' in html
    assert "x" * 501 in html
    assert _snapshot() == before


def test_the_ketua_marks_a_member_as_handling_orders_and_back(client, world):
    client.force_login(world["people"]["ketua_sabrang"])
    url = reverse("members:ketua_member_orders", args=[world["helper"].pk])

    html = client.post(url, {"value": "1"}, follow=True).content.decode()
    assert "Mbak Dewi sekarang ikut mengurus pesanan desa." in html
    assert MemberProfile.objects.get(pk=world["helper"].pk).handles_orders is True

    html = client.post(url, {"value": "0"}, follow=True).content.decode()
    assert "Mbak Dewi tidak lagi mengurus pesanan desa." in html
    assert MemberProfile.objects.get(pk=world["helper"].pk).handles_orders is False


def test_a_nonsense_orders_value_changes_nothing(client, world):
    client.force_login(world["people"]["ketua_sabrang"])
    before = _snapshot()

    response = client.post(
        reverse("members:ketua_member_orders", args=[world["helper"].pk]), {"value": "ya"}, follow=True
    )

    assert "Pilihan tidak dikenali. Coba lagi." in response.content.decode()
    assert _snapshot() == before


def test_the_ketua_registers_a_member_without_an_account(client, world):
    client.force_login(world["people"]["ketua_sabrang"])

    response = client.post(
        reverse("members:ketua_member_add"),
        {"display_name": "Mbok Tun", "phone": "0813 2222 3333"},
        follow=True,
    )

    assert "Mbok Tun sudah terdaftar sebagai anggota." in response.content.decode()
    member = MemberProfile.objects.get(display_name="Mbok Tun")
    assert (member.shop.slug, member.status, member.user, member.phone) == (
        "sabrang",
        Status.APPROVED,
        None,
        "+6281322223333",
    )


def test_registering_with_mistakes_keeps_what_the_ketua_typed(client, world):
    client.force_login(world["people"]["ketua_sabrang"])
    before = _snapshot()

    response = client.post(reverse("members:ketua_member_add"), {"display_name": "M", "phone": "0813"})

    form = response.context["form"]
    assert {field: [e.code for e in errors] for field, errors in form.errors.as_data().items()} == {
        "display_name": ["min_length"],
        "phone": ["invalid_phone"],
    }
    assert 'value="0813"' in response.content.decode()
    assert _snapshot() == before


# ----------------------------------------------------------------------------------------------
# Admin actions, entry points, allauth pages
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("action", "start", "end", "message"),
    [
        ("approve", Status.PENDING, Status.APPROVED, "1 anggota disetujui."),
        ("reject", Status.PENDING, Status.REJECTED, "1 permintaan ditolak."),
        ("suspend", Status.APPROVED, Status.SUSPENDED, "1 anggota dibekukan."),
    ],
)
def test_staff_decide_from_the_admin_through_the_services(client, action, start, end, message):
    staff = staff_user()
    member = member_with_account(shop="dukuhdempok", status=start)
    client.force_login(staff)

    response = client.post(
        reverse("admin:members_memberprofile_changelist"),
        {"action": action, "_selected_action": [member.pk]},
        follow=True,
    )

    assert message in response.content.decode()
    member.refresh_from_db()
    assert (member.status, member.decided_by) == (end, staff)


def test_an_admin_action_that_does_not_apply_says_so_and_changes_nothing(client):
    client.force_login(staff_user())
    member = member_with_account(status=Status.APPROVED, display_name="Bu Sri")
    before = _snapshot()

    response = client.post(
        reverse("admin:members_memberprofile_changelist"),
        {"action": "reject", "_selected_action": [member.pk]},
        follow=True,
    )

    assert "Bu Sri: Status Bu Sri sekarang “Disetujui”; langkah ini tidak bisa dilakukan." in (
        response.content.decode()
    )
    assert _snapshot() == before


def test_the_home_page_and_the_footer_invite_women_to_sign_up(client):
    html = client.get("/").content.decode()

    assert html.count('href="/akun/signup/"') == 2
    assert "Daftar sebagai anggota" in html
    assert "setelah mendaftar, Anda memilih desa Anda" in html


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/akun/signup/", "Daftar"),
        ("/akun/login/", "Masuk"),
        ("/akun/password/reset/", "Reset Kata Sandi"),
    ],
)
def test_the_account_pages_answer_in_indonesian_in_the_site_layout(client, url, heading):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert 'class="brand"' in html
    assert heading in html


def test_signing_up_sends_a_confirmation_email_in_indonesian(client, mailoutbox):
    response = client.post(
        "/akun/signup/",
        {"email": "siti@contoh.test", "password1": "Kunyit-Asam-26", "password2": "Kunyit-Asam-26"},
    )

    assert (response.status_code, response["Location"]) == (302, "/akun/confirm-email/")
    assert [m.to for m in mailoutbox] == [["siti@contoh.test"]]
    assert mailoutbox[0].subject.startswith("[Desbumi Market] ")
    body = mailoutbox[0].body
    assert body.startswith("Halo dari Desbumi Market!") and "testserver" not in body
    assert re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", body, re.MULTILINE)


def test_the_password_rules_are_one_plain_sentence(client):
    html = client.get("/akun/signup/").content.decode()
    assert (
        "Paling sedikit 8 huruf atau angka, tidak hanya angka, dan tidak mudah ditebak "
        "(bukan 12345678 atau alamat email Anda)." in html
    )
    assert "<ul" not in html.split('name="password1"')[1].split("</form>")[0]


def test_she_types_the_code_on_the_same_screen_and_is_logged_in(client, mailoutbox):
    # Given she signed up on her phone's browser
    client.post(
        "/akun/signup/",
        {"email": "siti@contoh.test", "password1": "Kunyit-Asam-26", "password2": "Kunyit-Asam-26"},
    )
    page = client.get("/akun/confirm-email/")
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[0].body, re.MULTILINE).group(1)

    # When she types the code from the email on that same screen
    response = client.post("/akun/confirm-email/", {"code": code})

    # Then her address is verified and she is logged in, on her dashboard
    assert (response.status_code, response["Location"]) == (302, "/dasbor/")
    user = User.objects.get(email="siti@contoh.test")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified is True


def test_a_wrong_code_is_refused_in_indonesian_and_she_stays_logged_out(client, mailoutbox):
    client.post(
        "/akun/signup/",
        {"email": "siti@contoh.test", "password1": "Kunyit-Asam-26", "password2": "Kunyit-Asam-26"},
    )
    response = client.post("/akun/confirm-email/", {"code": "AAAA-AAAA"})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["code"]] == ["incorrect_code"]
    assert "_auth_user_id" not in client.session
    assert EmailAddress.objects.get(email="siti@contoh.test").verified is False
