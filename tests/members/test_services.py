"""Member services: joining a village, the ketua's decisions, her profile, her data (UU PDP)."""

import io
import threading

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, transaction
from PIL import Image

from core import personal_data
from core.phone import normalise_phone
from members import services
from members.exceptions import AlreadyRequested, InvalidMemberTransition, NotAllowed, VillageNotAvailable
from members.models import MemberProfile, User
from notifications import registry
from notifications.models import Delivery, Event, Notification
from products.models import Product
from tests.factories import (
    ProductFactory,
    UserFactory,
    add_photo,
    category,
    jpeg_bytes,
    member_with_account,
    staff_user,
    verified,
    village,
)
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db

Status = MemberProfile.Status
KETUA = MemberProfile.Role.KETUA


def _row(member: MemberProfile) -> dict:
    """Everything stored for a member, to show that a refused action changed nothing."""
    return MemberProfile.objects.filter(pk=member.pk).values().get()


def _join(user, shop="sabrang", **overrides):
    fields = {"display_name": "Siti Rahayu", "phone": "0812-3456-7890", "story": "Tujuh tahun di Taiwan."}
    fields.update(overrides)
    return services.member_request_join(user=user, shop=village(shop), **fields)


def _siti(**fields) -> MemberProfile:
    """Siti Rahayu of Sabrang, with an account, her phone and her story (and `fields`)."""
    return member_with_account(
        email="siti@contoh.test",
        display_name="Siti Rahayu",
        phone="+6281234567890",
        story="Tujuh tahun di Taiwan.",
        **fields,
    )


def _consents(member: MemberProfile) -> tuple[bool, bool, bool, bool]:
    """What she lets buyers see: (public profile, photo, story, phone)."""
    return (
        member.consent_public_profile,
        member.consent_show_photo,
        member.consent_show_story,
        member.consent_show_phone,
    )


# ----------------------------------------------------------------------------------------------
# Phone numbers
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("081234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("812 3456 7890", "+6281234567890"),
        ("(0812) 3456.7890", "+6281234567890"),
        (" 0857 1234 567 ", "+628571234567"),
    ],
)
def test_phone_numbers_typed_the_usual_ways_are_stored_as_plus_62(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Nomor HP tidak dikenali. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890."),
        ("0812", "Nomor HP tidak dikenali. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890."),
        ("0812-abcd-7890", "Nomor HP tidak dikenali. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890."),
        ("021-555-1234", "Nomor HP tidak dikenali. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890."),
        ("0812345678901234", "Nomor HP tidak dikenali. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890."),
        ("+852 9123 4567", "Nomor HP harus nomor Indonesia (+62…)."),
    ],
)
def test_nonsense_phone_numbers_are_refused_with_a_plain_message(typed, message):
    with pytest.raises(ValidationError) as caught:
        normalise_phone(typed)
    assert caught.value.code == "invalid_phone"
    assert caught.value.messages == [message]


# ----------------------------------------------------------------------------------------------
# Joining a village
# ----------------------------------------------------------------------------------------------
def test_a_request_to_join_waits_for_the_ketua_with_her_phone_normalised():
    user = verified(UserFactory())

    member = _join(user)

    member.refresh_from_db()
    assert (member.user, member.shop, member.role, member.status) == (
        user,
        village("sabrang"),
        MemberProfile.Role.ANGGOTA,
        Status.PENDING,
    )
    assert (member.display_name, member.phone, member.story) == (
        "Siti Rahayu",
        "+6281234567890",
        "Tujuh tahun di Taiwan.",
    )
    assert member.requested_at is not None
    assert (member.decided_at, member.decided_by, member.consent_public_profile) == (None, None, False)


@pytest.mark.parametrize("status", [Status.PENDING, Status.APPROVED, Status.SUSPENDED])
def test_a_second_request_is_refused_while_one_waits_or_she_is_a_member(status):
    member = member_with_account(status=status, display_name="Siti Rahayu")
    before = _row(member)

    with pytest.raises(AlreadyRequested):
        _join(member.user, shop="wonoasri", display_name="Siti Lain")

    assert _row(member) == before
    assert MemberProfile.objects.count() == 1


def test_after_a_rejection_she_may_ask_again_and_the_same_row_is_reused():
    ketua = member_with_account(role=KETUA)
    member = _join(verified(UserFactory()))
    services.member_reject(member=member, by=ketua.user, reason="Nomor WhatsApp tidak bisa dihubungi.")

    again = _join(member.user, shop="sabrang", phone="+62 857 1111 2222", story="")

    again.refresh_from_db()
    assert again.pk == member.pk
    assert (again.status, again.phone, again.story, again.rejection_reason) == (
        Status.PENDING,
        "+6285711112222",
        "",
        "",
    )
    assert (again.decided_at, again.decided_by) == (None, None)
    assert MemberProfile.objects.filter(user=member.user).count() == 1


def test_an_inactive_village_takes_no_request():
    shop = village("ambulu")
    shop.is_active = False
    shop.save()

    with pytest.raises(VillageNotAvailable):
        _join(verified(UserFactory()), shop="ambulu")

    assert MemberProfile.objects.count() == 0


def test_a_request_with_a_bad_phone_is_refused_beside_the_phone_field():
    with pytest.raises(ValidationError) as caught:
        _join(verified(UserFactory()), phone="12345")

    assert [e.code for e in caught.value.error_dict["phone"]] == ["invalid_phone"]
    assert MemberProfile.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_requests_sent_at_once_make_one_row(postgres_only):
    # Given a double tap on slow data: the same request twice, at the same moment
    village("sabrang")
    user = verified(UserFactory())
    barrier = threading.Barrier(2)
    outcomes = []

    def send():
        try:
            barrier.wait()
            _join(user)
            outcomes.append("created")
        except AlreadyRequested:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created", "refused"]
    assert MemberProfile.objects.filter(user=user).count() == 1


# ----------------------------------------------------------------------------------------------
# The ketua's (and staff's) decisions
# ----------------------------------------------------------------------------------------------
def test_the_ketua_of_her_village_approves_a_request():
    ketua = member_with_account(role=KETUA)
    member = _join(verified(UserFactory()))

    approved = services.member_approve(member=member, by=ketua.user)

    member.refresh_from_db()
    assert approved.pk == member.pk
    assert (member.status, member.decided_by) == (Status.APPROVED, ketua.user)
    assert member.decided_at is not None


def test_staff_approve_a_request_of_any_village():
    member = _join(verified(UserFactory()), shop="dukuhdempok")
    staff = staff_user()

    services.member_approve(member=member, by=staff)

    member.refresh_from_db()
    assert (member.status, member.decided_by) == (Status.APPROVED, staff)


@pytest.mark.parametrize(
    "who",
    ["ketua of another village", "anggota of her village", "pending ketua", "staff without permission"],
)
def test_nobody_else_may_decide_and_nothing_changes(who):
    member = _join(verified(UserFactory()))
    by = {
        "ketua of another village": lambda: member_with_account(shop="wonoasri", role=KETUA).user,
        "anggota of her village": lambda: member_with_account(shop="sabrang").user,
        "pending ketua": lambda: member_with_account(role=KETUA, status=Status.PENDING).user,
        "staff without permission": lambda: verified(UserFactory(is_staff=True)),
    }[who]()
    before = _row(member)

    for action in (services.member_approve, services.member_reject, services.member_suspend):
        with pytest.raises(NotAllowed):
            action(member=member, by=by)
    with pytest.raises(NotAllowed):
        services.member_set_handles_orders(member=member, value=True, by=by)

    assert _row(member) == before


# Member events are recorded in the decision's own transaction (the outbox): both or neither.
DECISIONS = {
    "approve": (lambda m, by: services.member_approve(member=m, by=by), "member_approved"),
    "reject": (
        lambda m, by: services.member_reject(member=m, by=by, reason="Belum lengkap."),
        "member_rejected",
    ),
    "suspend": (lambda m, by: services.member_suspend(member=m, by=by), "member_suspended"),
}


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_decision_and_its_event_commit_together_and_roll_back_together(decision):
    decide, kind = DECISIONS[decision]
    member = _join(verified(UserFactory()))
    if decision == "suspend":
        MemberProfile.objects.filter(pk=member.pk).update(status=Status.APPROVED)
    staff = staff_user()
    before = _row(member)

    # when the decision's transaction is rolled back after the decision was made
    with pytest.raises(RuntimeError), transaction.atomic():
        decide(member, staff)
        # inside it, the event is already there beside the decision
        assert Event.objects.about(member).filter(kind=kind).count() == 1
        raise RuntimeError("rolled back")

    # then neither the decision nor its event is left
    assert _row(member) == before
    assert Event.objects.about(member).filter(kind=kind).exists() is False


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_decision_whose_event_cannot_be_recorded_is_not_made(decision, monkeypatch):
    decide, kind = DECISIONS[decision]
    member = _join(verified(UserFactory()))
    if decision == "suspend":
        MemberProfile.objects.filter(pk=member.pk).update(status=Status.APPROVED)
    before = _row(member)
    monkeypatch.delitem(registry._kinds, kind)  # as if members had not registered this kind

    with pytest.raises(registry.UnknownKind):
        decide(member, staff_user())

    assert _row(member) == before
    assert Event.objects.about(member).filter(kind=kind).exists() is False


def test_a_join_request_whose_event_cannot_be_recorded_leaves_no_request(monkeypatch):
    user = verified(UserFactory())
    monkeypatch.delitem(registry._kinds, "join_requested")

    with pytest.raises(registry.UnknownKind):
        services.member_request_join(
            user=user, shop=village("sabrang"), display_name="Bu Ani", phone="081211112222"
        )

    assert MemberProfile.objects.filter(user=user).exists() is False
    assert Event.objects.exists() is False


def test_a_join_request_is_recorded_with_its_event():
    member = _join(verified(UserFactory()))

    assert list(Event.objects.about(member).values_list("kind", "dispatched_at")) == [
        ("join_requested", None)
    ]


def test_a_ketua_cannot_decide_about_herself():
    ketua = member_with_account(role=KETUA)
    before = _row(ketua)

    with pytest.raises(NotAllowed):
        services.member_suspend(member=ketua, by=ketua.user)
    with pytest.raises(NotAllowed):
        services.member_set_handles_orders(member=ketua, value=True, by=ketua.user)

    assert _row(ketua) == before


@pytest.mark.parametrize(
    ("action", "start"),
    [
        ("approve", Status.APPROVED),
        ("approve", Status.REJECTED),
        ("reject", Status.APPROVED),
        ("reject", Status.SUSPENDED),
        ("suspend", Status.PENDING),
        ("suspend", Status.REJECTED),
    ],
)
def test_a_decision_from_the_wrong_status_is_refused(action, start):
    ketua = member_with_account(role=KETUA)
    member = member_with_account(status=start)
    before = _row(member)

    with pytest.raises(InvalidMemberTransition):
        getattr(services, f"member_{action}")(member=member, by=ketua.user)

    assert _row(member) == before


def test_the_reason_of_a_rejection_is_kept_for_her_to_read():
    ketua = member_with_account(role=KETUA)
    member = _join(verified(UserFactory()))

    services.member_reject(member=member, by=ketua.user, reason="  Belum pernah ikut pertemuan PPT.  ")

    member.refresh_from_db()
    assert (member.status, member.rejection_reason, member.decided_by) == (
        Status.REJECTED,
        "Belum pernah ikut pertemuan PPT.",
        ketua.user,
    )


def test_a_suspended_member_disappears_from_the_catalog_and_comes_back_when_staff_lift_it():
    ketua = member_with_account(role=KETUA)
    member = member_with_account(handles_orders=True)
    product = ProductFactory(shop=member.shop, made_by=member)

    services.member_suspend(member=member, by=ketua.user)

    member.refresh_from_db()
    assert (member.status, member.handles_orders) == (Status.SUSPENDED, False)
    assert list(Product.objects.published()) == []
    assert Product.objects.get(pk=product.pk).status == Product.Status.PUBLISHED

    # Only staff lift a suspension
    with pytest.raises(NotAllowed):
        services.member_approve(member=member, by=ketua.user)
    assert MemberProfile.objects.get(pk=member.pk).status == Status.SUSPENDED
    services.member_approve(member=member, by=staff_user())
    assert list(Product.objects.published()) == [product]


@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_rejection_at_the_same_moment_decide_once(postgres_only):
    # Given the ketua and staff deciding about the same request at the same moment
    ketua = member_with_account(role=KETUA)
    staff = staff_user()
    member = _join(verified(UserFactory()))
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(name, action, by):
        try:
            barrier.wait()
            action(member=member, by=by)
            outcomes[name] = "done"
        except InvalidMemberTransition:
            outcomes[name] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("approve", services.member_approve, ketua.user)),
        threading.Thread(target=decide, args=("reject", services.member_reject, staff)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["done", "refused"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "done")
    member.refresh_from_db()
    assert member.status == {"approve": Status.APPROVED, "reject": Status.REJECTED}[winner]


# ----------------------------------------------------------------------------------------------
# Members without an account; who handles orders
# ----------------------------------------------------------------------------------------------
def test_the_ketua_registers_a_member_without_an_account_approved_at_once():
    ketua = member_with_account(role=KETUA)

    member = services.member_register_without_account(
        shop=ketua.shop, display_name="  Mbok   Tun ", phone="0813 2222 3333", by=ketua.user
    )

    member.refresh_from_db()
    assert (member.user, member.shop, member.status, member.role) == (
        None,
        ketua.shop,
        Status.APPROVED,
        MemberProfile.Role.ANGGOTA,
    )
    assert (member.display_name, member.phone, member.decided_by) == (
        "Mbok Tun",
        "+6281322223333",
        ketua.user,
    )


def test_a_member_without_an_account_may_have_no_phone():
    ketua = member_with_account(role=KETUA)

    member = services.member_register_without_account(shop=ketua.shop, display_name="Mbok Tun", by=ketua.user)

    assert MemberProfile.objects.get(pk=member.pk).phone == ""


def test_only_her_ketua_or_staff_register_a_member_without_an_account():
    ketua_wonoasri = member_with_account(shop="wonoasri", role=KETUA)
    anggota = member_with_account(shop="sabrang")

    for by in (ketua_wonoasri.user, anggota.user):
        with pytest.raises(NotAllowed):
            services.member_register_without_account(shop=village("sabrang"), display_name="Mbok Tun", by=by)

    assert MemberProfile.objects.filter(display_name="Mbok Tun").count() == 0


def test_the_ketua_marks_who_handles_the_village_orders():
    ketua = member_with_account(role=KETUA)
    member = member_with_account()

    services.member_set_handles_orders(member=member, value=True, by=ketua.user)
    assert MemberProfile.objects.get(pk=member.pk).handles_orders is True

    services.member_set_handles_orders(member=member, value=False, by=ketua.user)
    assert MemberProfile.objects.get(pk=member.pk).handles_orders is False


def test_a_member_not_approved_cannot_handle_orders():
    ketua = member_with_account(role=KETUA)
    member = member_with_account(status=Status.PENDING)
    before = _row(member)

    with pytest.raises(InvalidMemberTransition):
        services.member_set_handles_orders(member=member, value=True, by=ketua.user)

    assert _row(member) == before


# ----------------------------------------------------------------------------------------------
# Her profile
# ----------------------------------------------------------------------------------------------
def _gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x8825] = {1: "S", 2: (8.0, 20.0, 0.0), 3: "E", 4: (113.0, 36.0, 0.0)}  # GPS: Jember
    return jpeg_bytes(width=1200, height=900, exif=exif.tobytes())


def test_she_updates_her_profile_and_consents():
    member = member_with_account(display_name="Siti", consent_public_profile=False)

    services.member_update_profile(
        member=member,
        display_name="Siti Rahayu",
        phone="0812-3456-7890",
        story="Tujuh tahun di Taiwan, sekarang meracik jamu.",
        consent_public_profile=True,
        consent_show_story=True,
    )

    member.refresh_from_db()
    assert (member.display_name, member.phone, member.story) == (
        "Siti Rahayu",
        "+6281234567890",
        "Tujuh tahun di Taiwan, sekarang meracik jamu.",
    )
    assert _consents(member) == (True, False, True, False)


def test_her_photo_is_re_encoded_small_without_location(django_capture_on_commit_callbacks):
    member = member_with_account()
    assert b"Exif" in _gps_jpeg()

    with django_capture_on_commit_callbacks(execute=True):
        services.member_update_profile(
            member=member, display_name=member.display_name, photo=ContentFile(_gps_jpeg(), name="IMG_1.jpg")
        )

    member.refresh_from_db()
    assert member.photo.name.startswith("anggota/")
    assert member.photo.name.endswith(".webp")
    assert "IMG_1" not in member.photo.name
    with default_storage.open(member.photo.name) as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("WEBP", (640, 480))
    assert "exif" not in image.info
    assert b"KameraHP" not in data


def test_a_new_photo_replaces_the_old_file_and_remove_deletes_it(django_capture_on_commit_callbacks):
    member = member_with_account()
    with django_capture_on_commit_callbacks(execute=True):
        services.member_update_profile(
            member=member, display_name="Siti", photo=ContentFile(jpeg_bytes(), name="a.jpg")
        )
    first = MemberProfile.objects.get(pk=member.pk).photo.name

    with django_capture_on_commit_callbacks(execute=True):
        services.member_update_profile(
            member=member, display_name="Siti", photo=ContentFile(jpeg_bytes(color=(1, 2, 3)), name="b.jpg")
        )
    second = MemberProfile.objects.get(pk=member.pk).photo.name
    assert second != first
    assert (default_storage.exists(first), default_storage.exists(second)) == (False, True)

    with django_capture_on_commit_callbacks(execute=True):
        services.member_update_profile(member=member, display_name="Siti", remove_photo=True)
    assert MemberProfile.objects.get(pk=member.pk).photo.name == ""
    assert default_storage.exists(second) is False


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_changes():
    member = member_with_account(display_name="Siti", phone="+6281234567890")
    before = _row(member)

    with pytest.raises(ValidationError) as caught:
        services.member_update_profile(
            member=member,
            display_name="Nama Baru",
            phone="0857 1111 2222",
            photo=ContentFile(b"%PDF-1.4 not a photo", name="foto.jpg"),
        )

    assert [e.code for e in caught.value.error_dict["photo"]] == ["image_bad_format"]
    assert _row(member) == before
    assert default_storage.exists("anggota") is False


def test_a_bad_phone_on_the_profile_is_refused_and_nothing_changes():
    member = member_with_account(display_name="Siti")
    before = _row(member)

    with pytest.raises(ValidationError) as caught:
        services.member_update_profile(member=member, display_name="Nama Baru", phone="0812")

    assert [e.code for e in caught.value.error_dict["phone"]] == ["invalid_phone"]
    assert _row(member) == before


# ----------------------------------------------------------------------------------------------
# Her data (UU PDP): a copy, and deletion
# ----------------------------------------------------------------------------------------------
def test_her_data_export_holds_her_profile_and_her_products():
    member = _siti(consent_public_profile=True, consent_show_story=True)
    kunyit = ProductFactory(
        shop=member.shop,
        made_by=member,
        category=category("jamu"),
        name="Jamu Kunyit Asam",
        slug="jamu-kunyit-asam",
        price=12500,
        stock=9,
        unit="botol",
        pirt_number="206350901234567",
    )
    add_photo(kunyit)
    ProductFactory(shop=member.shop, name="Bukan buatannya")

    data = services.member_export_data(member=member)

    # members' own part, then each registered app's part (core.personal_data), in INSTALLED_APPS order
    assert list(data) == ["account", "profile", "products", "orders", "income", "bank_lines", "notifications"]
    assert data["account"]["email"] == "siti@contoh.test"
    profile = data["profile"]
    assert {k: profile[k] for k in ("display_name", "village", "role", "status", "phone", "story")} == {
        "display_name": "Siti Rahayu",
        "village": "Sabrang",
        "role": "anggota",
        "status": "approved",
        "phone": "+6281234567890",
        "story": "Tujuh tahun di Taiwan.",
    }
    assert (
        profile["consent_public_profile"],
        profile["consent_show_photo"],
        profile["consent_show_story"],
        profile["consent_show_phone"],
    ) == (True, False, True, False)
    assert profile["public_page"] == member.get_absolute_url()
    assert [p["name"] for p in data["products"]] == ["Jamu Kunyit Asam"]
    product = data["products"][0]
    assert {k: product[k] for k in ("slug", "village", "category", "price", "stock", "unit", "status")} == {
        "slug": "jamu-kunyit-asam",
        "village": "Sabrang",
        "category": "Jamu",
        "price": 12500,
        "stock": 9,
        "unit": "botol",
        "status": "published",
    }
    assert product["pirt_number"] == "206350901234567"
    assert len(product["photos"]) == 1
    assert product["photos"][0].startswith("/media/produk/")
    assert data["orders"] == {"placed": [], "sold": [], "steps_taken": []}
    assert data["notifications"] == {"inbox": [], "deliveries": [], "turned_off": []}


def test_her_data_export_gathers_her_orders_and_her_inbox_from_their_apps(django_capture_on_commit_callbacks):
    member = member_with_account(email="siti@contoh.test", role=KETUA)
    configured_village("sabrang")
    kunyit = ProductFactory(shop=member.shop, name="Jamu Kunyit Asam", price=12500, stock=10)
    with django_capture_on_commit_callbacks(execute=True):
        mine = place({kunyit: 2}, user=member.user).orders.get()  # she buys, and as ketua is told
    place({kunyit: 1})  # someone else's order

    data = services.member_export_data(member=member)

    [placed] = data["orders"]["placed"]
    assert {k: placed[k] for k in ("number", "village", "created_at", "status", "total")} == {
        "number": mine.number,
        "village": "Sabrang",
        "created_at": mine.created_at.isoformat(),
        "status": "awaiting_payment",
        "total": mine.total,
    }
    assert placed["items"] == [{"product": "Jamu Kunyit Asam", "quantity": 2, "unit_price": 12500}]
    # the new order reached her twice (as the ketua and as the buyer: one recipient, her account)
    assert [n["title"] for n in data["notifications"]["inbox"]] == [
        f"Pesanan baru {mine.number} untuk Desa Sabrang"
    ]
    assert sorted((d["channel"], d["address"], d["status"]) for d in data["notifications"]["deliveries"]) == [
        ("email", "siti@contoh.test", "sent"),
        ("in_app", "", "sent"),
    ]


def test_deleting_her_account_erases_her_inbox_and_what_her_events_kept(django_capture_on_commit_callbacks):
    ketua = member_with_account(role=KETUA)
    with django_capture_on_commit_callbacks(execute=True):
        member = _join(verified(UserFactory(email="siti@contoh.test")))
    with django_capture_on_commit_callbacks(execute=True):
        services.member_reject(member=member, by=ketua.user, reason="Belum pernah ikut pertemuan PPT.")
    user = member.user
    assert Notification.objects.filter(user=user).count() == 1
    kept = Notification.objects.get(user=ketua.user)  # the join request, in the ketua's inbox

    services.member_delete_account(member=member)

    assert Notification.objects.filter(pk=kept.pk).exists() is True
    assert Notification.objects.exclude(pk=kept.pk).exists() is False
    assert Delivery.objects.filter(recipient_key=f"user:{user.pk}").exists() is False
    assert Delivery.objects.filter(address="siti@contoh.test").exists() is False
    assert dict(Event.objects.about(member).values_list("kind", "payload")) == {
        "join_requested": {},
        "member_rejected": {},
    }


def test_when_an_app_cannot_erase_her_part_nothing_is_deleted(monkeypatch):
    member = member_with_account(email="siti@contoh.test", display_name="Siti Rahayu")
    product = ProductFactory(shop=member.shop, made_by=member)
    before = _row(member)

    def broken(user):
        raise RuntimeError("storage unreachable")

    monkeypatch.setitem(personal_data._parts, "broken", personal_data.Part("broken", None, broken))

    with pytest.raises(RuntimeError):
        services.member_delete_account(member=member)

    assert _row(member) == before
    assert User.objects.filter(pk=member.user_id).exists() is True
    assert Product.objects.get(pk=product.pk).status == Product.Status.PUBLISHED


def test_deleting_her_account_archives_her_products_and_anonymises_her_profile(
    django_capture_on_commit_callbacks,
):
    member = _siti(
        handles_orders=True,
        consent_public_profile=True,
        consent_show_photo=True,
        consent_show_story=True,
        consent_show_phone=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.member_update_profile(
            member=member,
            display_name="Siti Rahayu",
            phone="+6281234567890",
            story="Tujuh tahun di Taiwan.",
            photo=ContentFile(jpeg_bytes(), name="a.jpg"),
            consent_public_profile=True,
        )
    photo = MemberProfile.objects.get(pk=member.pk).photo.name
    old_slug = member.slug
    published = ProductFactory(shop=member.shop, made_by=member)
    draft = ProductFactory(shop=member.shop, made_by=member, status=Product.Status.DRAFT)
    other = ProductFactory(shop=member.shop)
    user_pk = member.user_id

    with django_capture_on_commit_callbacks(execute=True):
        services.member_delete_account(member=member)

    member.refresh_from_db()
    assert (member.display_name, member.phone, member.story, member.photo.name) == (
        "Anggota terhapus",
        "",
        "",
        "",
    )
    assert (member.status, member.user, member.handles_orders) == (Status.DELETED, None, False)
    assert _consents(member) == (False, False, False, False)
    assert member.slug.startswith("anggota-terhapus-")
    assert member.slug != old_slug
    assert member.shop == village("sabrang")
    assert default_storage.exists(photo) is False
    assert User.objects.filter(pk=user_pk).exists() is False
    assert EmailAddress.objects.filter(email="siti@contoh.test").exists() is False
    statuses = dict(Product.objects.values_list("pk", "status"))
    assert statuses == {
        published.pk: Product.Status.ARCHIVED,
        draft.pk: Product.Status.ARCHIVED,
        other.pk: Product.Status.PUBLISHED,
    }
    assert set(Product.objects.filter(made_by=member).values_list("shop__slug", flat=True)) == {"sabrang"}
    assert MemberProfile.objects.public().filter(pk=member.pk).exists() is False


def test_a_deleted_account_cannot_be_deleted_or_edited_again():
    member = member_with_account()
    services.member_delete_account(member=member)
    before = _row(member)

    with pytest.raises(InvalidMemberTransition):
        services.member_delete_account(member=member)
    with pytest.raises(InvalidMemberTransition):
        services.member_update_profile(member=member, display_name="Siti kembali")

    assert _row(member) == before


def test_a_deleted_ketua_leaves_the_members_she_approved_in_place():
    ketua = member_with_account(role=KETUA)
    member = _join(verified(UserFactory()))
    services.member_approve(member=member, by=ketua.user)

    services.member_delete_account(member=ketua)

    member.refresh_from_db()
    assert (member.status, member.decided_by) == (Status.APPROVED, None)
    assert MemberProfile.objects.count() == 2
