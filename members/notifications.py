"""
What members tells through the notifications engine: join requests and the decisions on them.

Declares its kinds, who hears of each and in what words (templates/members/notifications/), and
registers them from MembersConfig.ready(). Also the recipients other apps' notifications need
(a village's ketua and order handlers, the staff who decide on members), and the inbox's
dashboard page for an approved seller: the engine knows none of it.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.phone import whatsapp_link
from notifications import registry
from notifications.messages import compose, message_context, subject_for
from notifications.recipients import Recipient, staff_with_permission
from notifications.services import event_messages_erase, event_payloads_erase, event_record

from .access import member_for
from .models import MemberProfile

# Audiences: which wording and links a recipient gets.
MEMBER = "member"
VILLAGE = "village"
STAFF = "staff"


class MemberKind(models.TextChoices):
    JOIN_REQUESTED = "join_requested", gettext_lazy("Permintaan bergabung")
    APPROVED = "member_approved", gettext_lazy("Permintaan bergabung disetujui")
    REJECTED = "member_rejected", gettext_lazy("Permintaan bergabung ditolak")
    SUSPENDED = "member_suspended", gettext_lazy("Akun penjual dibekukan")


# ------------------------------------------------------------------------------------------------
# Recording (inside the decision's transaction)
# ------------------------------------------------------------------------------------------------
def notify_join_requested(*, member: MemberProfile):
    """The ketua of her village (staff, if the village has no ketua with an account)."""
    return event_record(MemberKind.JOIN_REQUESTED, subject=member)


def notify_member_approved(*, member: MemberProfile):
    return event_record(MemberKind.APPROVED, subject=member)


def notify_member_rejected(*, member: MemberProfile):
    return event_record(MemberKind.REJECTED, subject=member, payload={"reason": member.rejection_reason})


def notify_member_suspended(*, member: MemberProfile, by):
    """She, and her ketua (unless the ketua did it herself), learn that her products are hidden."""
    return event_record(MemberKind.SUSPENDED, subject=member, payload={"actor_user_id": by.pk})


def notifications_erase(*, member: MemberProfile) -> int:
    """Blank what the events about her kept (a rejection's reason) and the messages rendered from
    them (her name, phone and story in the ketua's join request): her account is being deleted."""
    event_messages_erase(subject=member)
    return event_payloads_erase(subject=member)


# ------------------------------------------------------------------------------------------------
# Recipients (also used by orders' and products' notifications)
# ------------------------------------------------------------------------------------------------
def member_recipient(member: MemberProfile, audience: str) -> Recipient:
    """A member: by her account if it is active, else by her profile (reachable by phone only)."""
    user = member.user if member.user_id and member.user.is_active else None
    if user is not None:
        return Recipient.account(user, audience=audience, name=member.display_name, phone=member.phone)
    return Recipient(
        key=f"member:{member.pk}", audience=audience, name=member.display_name, phone=member.phone
    )


def village_team(shop) -> list[Recipient]:
    """The ketua and the members who handle orders of `shop` (approved) — of that village only."""
    team = (
        MemberProfile.objects.filter(shop=shop, status=MemberProfile.Status.APPROVED)
        .filter(Q(role=MemberProfile.Role.KETUA) | Q(handles_orders=True))
        .select_related("user")
        .order_by("-role", "pk")  # the ketua first
    )
    return [member_recipient(member, VILLAGE) for member in team]


def village_ketua(shop) -> list[Recipient]:
    ketua = (
        MemberProfile.objects.filter(
            shop=shop, status=MemberProfile.Status.APPROVED, role=MemberProfile.Role.KETUA
        )
        .select_related("user")
        .order_by("pk")
    )
    return [member_recipient(member, VILLAGE) for member in ketua]


def staff() -> list[Recipient]:
    """Migrant CARE staff who decide on members (when a village has no ketua to tell)."""
    return staff_with_permission("change_memberprofile", audience=STAFF)


def _load(pk: int) -> MemberProfile | None:
    return MemberProfile.objects.select_related("shop", "user").filter(pk=pk).first()


def _recipients(event, member: MemberProfile) -> list[Recipient]:
    if event.kind == MemberKind.JOIN_REQUESTED:
        return [r for r in village_ketua(member.shop) if r.user is not None] or staff()
    if event.kind in (MemberKind.APPROVED, MemberKind.REJECTED):
        return [member_recipient(member, MEMBER)]
    if event.kind == MemberKind.SUSPENDED:
        return [member_recipient(member, MEMBER), *village_ketua(member.shop)]
    return []


# ------------------------------------------------------------------------------------------------
# Words
# ------------------------------------------------------------------------------------------------
SUBJECTS = {
    (MemberKind.JOIN_REQUESTED, None): gettext_lazy("%(name)s minta bergabung dengan Desa %(shop)s"),
    (MemberKind.APPROVED, None): gettext_lazy("Selamat, Anda sudah menjadi anggota Desa %(shop)s"),
    (MemberKind.REJECTED, None): gettext_lazy("Permintaan bergabung dengan Desa %(shop)s belum disetujui"),
    (MemberKind.SUSPENDED, MEMBER): gettext_lazy("Akun penjual Anda dibekukan"),
    (MemberKind.SUSPENDED, VILLAGE): gettext_lazy("Akun penjual %(name)s dibekukan"),
}


def _message(event, member: MemberProfile, recipient: Recipient):
    kind, audience = event.kind, recipient.audience
    context = message_context(event, recipient, member=member, shop=member.shop, whatsapp="")
    if kind == MemberKind.JOIN_REQUESTED:
        path = (
            reverse("admin:members_memberprofile_change", args=[member.pk])
            if audience == STAFF
            else reverse("members:ketua_members")
        )
        if member.phone:
            context["whatsapp"] = whatsapp_link(member.phone)
    elif audience == VILLAGE:
        path = reverse("members:ketua_members")
    elif kind == MemberKind.APPROVED:
        path = reverse("products:dashboard_new")
    else:
        path = reverse("members:dashboard")
    subject = subject_for(SUBJECTS, kind, audience)
    return compose(
        f"members/notifications/{kind}.txt",
        context,
        subject=str(subject) % {"name": member.display_name, "shop": member.shop.name},
        path=path,
    )


# ------------------------------------------------------------------------------------------------
# The inbox inside the seller dashboard
# ------------------------------------------------------------------------------------------------
def inbox_page(request) -> str | None:
    """An approved member of an active village reads her inbox inside the dashboard menu."""
    member = member_for(request.user)
    if member is None or not member.is_approved or not member.shop.is_active:
        return None
    request.member = member  # the dashboard menu shows what she may do
    return "notifications/inbox.html"


def register() -> None:
    """Called from MembersConfig.ready()."""
    registry.register(MemberKind, recipients=_recipients, message=_message, load=_load)
    registry.register_inbox_page(inbox_page)
