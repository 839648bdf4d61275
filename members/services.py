"""Writes on member profiles: joining a village, the ketua's decisions, her profile, her data."""

import json
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import personal_data
from core.access import is_staff_with
from core.concurrency import merge_edits, snapshot
from core.images import process_upload
from core.phone import normalise_phone
from core.text import one_line

from . import notifications as notify
from .exceptions import (
    AccountNotDeletable,
    AlreadyRequested,
    InvalidMemberTransition,
    NotAllowed,
    VillageNotAvailable,
)
from .models import MemberProfile

Status = MemberProfile.Status

# Stored, not shown through gettext: the row is data kept for the village's records.
DELETED_DISPLAY_NAME = "Anggota terhapus"
# An avatar is shown at 120–160 px: one 640 px WebP is plenty on any phone screen.
PHOTO_SIZE = 640

# Which statuses each decision may start from; anything else is InvalidMemberTransition.
_ALLOWED_FROM = {
    Status.APPROVED: {Status.PENDING, Status.SUSPENDED},
    Status.REJECTED: {Status.PENDING},
    Status.SUSPENDED: {Status.APPROVED},
}


def _is_staff(user) -> bool:
    return is_staff_with(user, "members.change_memberprofile")


def _check_authority(*, shop_id: int, by, target: MemberProfile | None = None) -> None:
    """Staff, or an approved ketua of that village acting on someone else; raise NotAllowed otherwise."""
    if _is_staff(by):
        return
    acting = MemberProfile.objects.filter(user=by).first() if by.is_authenticated else None
    if (
        acting is None
        or not acting.is_ketua
        or not acting.is_approved
        or acting.shop_id != shop_id
        or (target is not None and target.pk == acting.pk)
    ):
        raise NotAllowed(_("Anda tidak berwenang mengurus anggota ini."))


def _phone_or_error(raw: str, *, required: bool) -> str:
    """The normalised number, "" for an allowed blank; ValidationError keyed to the phone field."""
    if not (raw or "").strip() and not required:
        return ""
    try:
        return normalise_phone(raw)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.error_list}) from None


def _delete_file_after_commit(name: str, storage) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def member_request_join(*, user, shop, display_name: str, phone: str, story: str = "") -> MemberProfile:
    """
    Ask to join `shop`; the request waits for its ketua (or staff).

    One request per person: raises AlreadyRequested while one is waiting or she is a member
    (suspended included); after a rejection she may ask again and the same row is reused.
    Raises VillageNotAvailable for an inactive village and ValidationError (keyed by field) for
    a bad phone number. Locks her profile row, if any.
    """
    if not shop.is_active:
        raise VillageNotAvailable(_("Desa ini sedang tidak menerima anggota baru."))
    phone = _phone_or_error(phone, required=True)
    try:
        with transaction.atomic():
            member = MemberProfile.objects.select_for_update().filter(user=user).first()
            if member is not None and member.status != Status.REJECTED:
                raise AlreadyRequested(_("Anda sudah pernah mengirim permintaan bergabung."))
            if member is None:
                member = MemberProfile(user=user, role=MemberProfile.Role.ANGGOTA)
            member.shop = shop
            member.display_name = one_line(display_name)
            member.phone = phone
            member.story = (story or "").strip()
            member.status = Status.PENDING
            member.requested_at = timezone.now()
            member.rejection_reason = ""
            member.decided_at = None
            member.decided_by = None
            member.full_clean(exclude=["slug", "user"])
            member.save()
            notify.notify_join_requested(member=member)
    except IntegrityError:
        # Two submissions at once (a double tap on slow data): the other one created her request.
        raise AlreadyRequested(_("Anda sudah pernah mengirim permintaan bergabung.")) from None
    return member


def _decide(*, member: MemberProfile, by, to: str, record, **changes) -> MemberProfile:
    """
    Move `member` to status `to` if her current status allows it, and `record(locked)` the event
    in the same transaction (both commit or neither does); locks her row.
    """
    _check_authority(shop_id=member.shop_id, by=by, target=member)
    with transaction.atomic():
        locked = MemberProfile.objects.select_for_update().get(pk=member.pk)
        if locked.status not in _ALLOWED_FROM[to]:
            raise InvalidMemberTransition(
                _("Status %(name)s sekarang “%(status)s”; langkah ini tidak bisa dilakukan.")
                % {"name": locked.display_name, "status": locked.get_status_display()}
            )
        if locked.status == Status.SUSPENDED and not _is_staff(by):
            raise NotAllowed(_("Hanya Migrant CARE yang bisa memulihkan anggota yang dibekukan."))
        locked.status = to
        locked.decided_at = timezone.now()
        locked.decided_by = by
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=["status", "decided_at", "decided_by", "updated_at", *changes])
        record(locked)
    return locked


def member_approve(*, member: MemberProfile, by) -> MemberProfile:
    """
    Approve a waiting request (or, staff only, lift a suspension): she may sell.

    Raises NotAllowed unless `by` is staff or an approved ketua of her village (not herself),
    InvalidMemberTransition from any other status. Locks her row.
    """
    return _decide(
        member=member,
        by=by,
        to=Status.APPROVED,
        record=lambda m: notify.notify_member_approved(member=m),
        rejection_reason="",
    )


def member_reject(*, member: MemberProfile, by, reason: str = "") -> MemberProfile:
    """
    Refuse a waiting request, with an optional reason she will see; she may ask again.

    Raises NotAllowed / InvalidMemberTransition like member_approve. Locks her row.
    """
    return _decide(
        member=member,
        by=by,
        to=Status.REJECTED,
        record=lambda m: notify.notify_member_rejected(member=m),
        rejection_reason=(reason or "").strip(),
    )


def member_suspend(*, member: MemberProfile, by) -> MemberProfile:
    """
    Suspend an approved member: she cannot sell and her products leave the catalog.

    Her products are hidden by Product.objects.published(), not changed, so lifting the
    suspension brings them back. Raises NotAllowed / InvalidMemberTransition. Locks her row.
    """
    return _decide(
        member=member,
        by=by,
        to=Status.SUSPENDED,
        record=lambda m: notify.notify_member_suspended(member=m, by=by),
        handles_orders=False,
    )


def member_register_without_account(*, shop, display_name: str, phone: str = "", by) -> MemberProfile:
    """
    Register a member who has no email or smartphone: approved at once, without an account.

    Her ketua then lists products on her behalf, credited to her. Raises NotAllowed unless `by`
    is staff or an approved ketua of `shop`; ValidationError (keyed by field) for a bad phone.
    """
    _check_authority(shop_id=shop.pk, by=by)
    phone = _phone_or_error(phone, required=False)
    now = timezone.now()
    member = MemberProfile(
        user=None,
        shop=shop,
        role=MemberProfile.Role.ANGGOTA,
        status=Status.APPROVED,
        display_name=one_line(display_name),
        phone=phone,
        decided_at=now,
        decided_by=by,
    )
    member.full_clean(exclude=["slug", "user"])
    with transaction.atomic():
        member.save()
    return member


def member_set_handles_orders(*, member: MemberProfile, value: bool, by) -> MemberProfile:
    """
    Mark whether an approved member handles the village's orders (she is told of new ones).

    Raises NotAllowed unless `by` is staff or the ketua of her village (not herself: the ketua
    always handles orders); InvalidMemberTransition if she is not approved. Locks her row.
    """
    _check_authority(shop_id=member.shop_id, by=by, target=member)
    with transaction.atomic():
        locked = MemberProfile.objects.select_for_update().get(pk=member.pk)
        if locked.status != Status.APPROVED:
            raise InvalidMemberTransition(_("Hanya anggota yang sudah disetujui yang bisa mengurus pesanan."))
        locked.handles_orders = bool(value)
        locked.save(update_fields=["handles_orders", "updated_at"])
    return locked


PROFILE_FIELDS = (
    "display_name",
    "phone",
    "story",
    "consent_public_profile",
    "consent_show_photo",
    "consent_show_story",
    "consent_show_phone",
)


def member_profile_seen(member: MemberProfile) -> str:
    """Her profile as the form shows it, for its hidden "seen" field (core.concurrency)."""
    return json.dumps(snapshot(member, PROFILE_FIELDS))


def member_update_profile(
    *,
    member: MemberProfile,
    seen: dict[str, str] | None = None,
    display_name: str,
    phone: str = "",
    story: str = "",
    photo=None,
    remove_photo: bool = False,
    consent_public_profile: bool = False,
    consent_show_photo: bool = False,
    consent_show_story: bool = False,
    consent_show_phone: bool = False,
) -> MemberProfile:
    """
    Save what she changed on her profile page, and her consent to show each part publicly.

    `photo` (an upload) goes through the image pipeline: re-encoded, EXIF/GPS gone, one 640 px
    WebP. Raises ValidationError keyed by field ("phone", "photo", …) with nothing changed;
    InvalidMemberTransition for a deleted profile. Locks her row; the replaced photo file is
    deleted once the change has committed. `seen`: the profile as her form showed it; then only
    what she changed is written (another tab, staff), and a field changed meanwhile that she
    changed too is a ValidationError (code changed_meanwhile), nothing saved.
    """
    phone = _phone_or_error(phone, required=False)
    processed = None
    if photo is not None:
        try:
            processed = process_upload(photo, thumb_sizes=(PHOTO_SIZE,))
        except ValidationError as exc:
            raise ValidationError({"photo": exc.error_list}) from None
    with transaction.atomic():
        locked = MemberProfile.objects.select_for_update().get(pk=member.pk)
        if locked.status == Status.DELETED:
            raise InvalidMemberTransition(_("Akun ini sudah dihapus."))
        old_photo = locked.photo.name
        values = {
            "display_name": one_line(display_name),
            "phone": phone,
            "story": (story or "").strip(),
            "consent_public_profile": consent_public_profile,
            "consent_show_photo": consent_show_photo,
            "consent_show_story": consent_show_story,
            "consent_show_phone": consent_show_phone,
        }
        if seen is not None:
            values, conflicts = merge_edits(snapshot(locked, PROFILE_FIELDS), values, seen)
            if conflicts:
                raise ValidationError(
                    {
                        name: ValidationError(
                            _(
                                "Sementara Anda mengisi, isian ini diubah. Isian Anda masih di sini: "
                                "periksa lalu simpan lagi."
                            ),
                            code="changed_meanwhile",
                        )
                        for name, _seen, _now in conflicts
                    }
                )
        for name, value in values.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["slug", "user", "photo"])
        if processed is not None:
            thumb = processed.thumbnails[PHOTO_SIZE]
            locked.photo.save(thumb.name, thumb, save=False)
        elif remove_photo:
            locked.photo = ""
        try:
            locked.save()
        except Exception:
            if processed is not None:
                locked.photo.storage.delete(locked.photo.name)
            raise
        if old_photo and old_photo != locked.photo.name:
            _delete_file_after_commit(old_photo, locked.photo.storage)
    return locked


def _iso(value):
    return value.isoformat() if value is not None else None


def member_export_data(*, member: MemberProfile) -> dict:
    """
    Everything the marketplace holds about her, as JSON-ready data (UU PDP: right to a copy):
    members' own part, then each registered app's (core.personal_data: orders, notifications…).
    """
    user = member.user
    return {
        "account": {
            "email": user.email if user else None,
            "date_joined": _iso(user.date_joined) if user else None,
            "last_login": _iso(user.last_login) if user else None,
        },
        "profile": {
            "display_name": member.display_name,
            "village": member.shop.name,
            "role": member.role,
            "status": member.status,
            "handles_orders": member.handles_orders,
            "phone": member.phone,
            "story": member.story,
            "photo": member.photo.url if member.photo else None,
            "public_page": member.get_absolute_url(),
            "consent_public_profile": member.consent_public_profile,
            "consent_show_photo": member.consent_show_photo,
            "consent_show_story": member.consent_show_story,
            "consent_show_phone": member.consent_show_phone,
            "requested_at": _iso(member.requested_at),
            "decided_at": _iso(member.decided_at),
            "rejection_reason": member.rejection_reason,
            "created_at": _iso(member.created_at),
            "updated_at": _iso(member.updated_at),
        },
        **(personal_data.export(user=user) if user is not None else {}),
    }


def member_delete_account(*, member: MemberProfile) -> MemberProfile:
    """
    Delete her account at her request (UU PDP): products archived, profile anonymised, login gone.

    The profile row stays, without anything personal, so her products and their orders keep
    their village; every registered app erases its part (core.personal_data) in the same
    transaction. The view logs her out. Raises InvalidMemberTransition if already deleted,
    AccountNotDeletable while an order she placed is still on its way.
    Locks her row; her photo file is deleted once the change has committed.
    """
    if member.user_id is not None:
        reasons = personal_data.erase_blockers(user=member.user)
        if reasons:
            raise AccountNotDeletable(reasons[0])
    with transaction.atomic():
        locked = MemberProfile.objects.select_for_update().get(pk=member.pk)
        if locked.status == Status.DELETED:
            raise InvalidMemberTransition(_("Akun ini sudah dihapus."))
        user = locked.user
        old_photo = locked.photo.name
        if user is not None:
            # Every app's part first, while the profile still leads to her account.
            personal_data.erase(user=user)
        locked.user = None
        locked.status = Status.DELETED
        locked.display_name = DELETED_DISPLAY_NAME
        # The old slug carried her name.
        locked.slug = f"anggota-terhapus-{secrets.token_hex(6)}"
        locked.phone = ""
        locked.story = ""
        locked.photo = ""
        locked.rejection_reason = ""
        locked.handles_orders = False
        locked.consent_public_profile = False
        locked.consent_show_photo = False
        locked.consent_show_story = False
        locked.consent_show_phone = False
        locked.save()
        notify.notifications_erase(member=locked)
        if user is not None:
            user.delete()
        _delete_file_after_commit(old_photo, locked.photo.storage)
    return locked


# ------------------------------------------------------------------------------------------------
# Buyers with an account (no member profile): their copy and their deletion (UU PDP)
# ------------------------------------------------------------------------------------------------
def buyer_export_data(*, user) -> dict:
    """Everything held about a buyer's account: the account, then each registered app's part."""
    return {
        "account": {
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        **personal_data.export(user=user),
    }


def buyer_delete_account(*, user) -> None:
    """
    Delete a buyer's account: every registered app erases or anonymises its part (orders stay with
    the villages, without her name, phone, email or address), then the login goes.

    Raises AccountNotDeletable while an app says it cannot be yet (an order still on its way) and
    for a member (she deletes from her own dashboard, which also handles her products).
    """
    if MemberProfile.objects.filter(user=user).exclude(status=Status.DELETED).exists():
        raise AccountNotDeletable(_("Akun penjual dihapus dari halaman profil di dasbor Anda."))
    reasons = personal_data.erase_blockers(user=user)
    if reasons:
        raise AccountNotDeletable(reasons[0])
    with transaction.atomic():
        personal_data.erase(user=user)
        user.delete()
