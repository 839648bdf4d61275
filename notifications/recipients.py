"""
Who is told of an event: derived from the order, the village or the member, when it is dispatched.

A recipient carries every address she has (account, email, phone); each channel takes the one it
needs, so a member without an account (user=None) gets no in-app message and no email, but a
WhatsApp or SMS channel added later reaches her by her phone number.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from members.models import MemberProfile

from .models import Event, Kind

BUYER = "buyer"
VILLAGE = "village"
MEMBER = "member"
STAFF = "staff"


@dataclass(frozen=True)
class Recipient:
    key: str  # stable: "user:12", "email:rina@contoh.test", "member:7"
    audience: str  # BUYER | VILLAGE | MEMBER | STAFF: which wording and links she gets
    name: str
    user: object = None
    email: str = ""
    phone: str = ""
    # Messages are rendered in the recipient's language; nobody chooses one yet, so Indonesian.
    language: str = settings.LANGUAGE_CODE


def _member(member: MemberProfile, audience: str) -> Recipient:
    user = member.user if member.user_id and member.user.is_active else None
    return Recipient(
        key=f"user:{user.pk}" if user else f"member:{member.pk}",
        audience=audience,
        name=member.display_name,
        user=user,
        email=user.email if user else "",
        phone=member.phone,
    )


def village_team(shop) -> list[Recipient]:
    """The ketua and the members who handle orders of `shop` (approved) — of that village only."""
    team = (
        MemberProfile.objects.filter(shop=shop, status=MemberProfile.Status.APPROVED)
        .filter(Q(role=MemberProfile.Role.KETUA) | Q(handles_orders=True))
        .select_related("user")
        .order_by("-role", "pk")  # the ketua first
    )
    return [_member(member, VILLAGE) for member in team]


def village_ketua(shop) -> list[Recipient]:
    ketua = (
        MemberProfile.objects.filter(
            shop=shop, status=MemberProfile.Status.APPROVED, role=MemberProfile.Role.KETUA
        )
        .select_related("user")
        .order_by("pk")
    )
    return [_member(member, VILLAGE) for member in ketua]


def staff() -> list[Recipient]:
    """Migrant CARE staff who decide on members (when a village has no ketua to tell)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename="change_memberprofile")
            | Q(groups__permissions__codename="change_memberprofile")
        )
        .distinct()
        .order_by("pk")
    )
    return [Recipient(key=f"user:{u.pk}", audience=STAFF, name=u.email, user=u, email=u.email) for u in users]


def buyer(order) -> list[Recipient]:
    """The buyer: her account if she has one, else the email she gave (a guest), else only her phone."""
    email = order.buyer_email
    if order.user_id and order.user.is_active:
        return [
            Recipient(
                key=f"user:{order.user_id}",
                audience=BUYER,
                name=order.buyer_name,
                user=order.user,
                email=email or order.user.email,
                phone=order.buyer_phone,
            )
        ]
    key = f"email:{email.lower()}" if email else f"phone:{order.buyer_phone}"
    return [Recipient(key=key, audience=BUYER, name=order.buyer_name, email=email, phone=order.buyer_phone)]


def maker(product) -> list[Recipient]:
    """The member who made the product; her ketua too when she has no account (the ketua lists for her)."""
    member = product.made_by
    if member is None:
        return village_ketua(product.shop)
    if member.status == MemberProfile.Status.DELETED:
        return []
    recipients = [_member(member, MEMBER)]
    if recipients[0].user is None:
        recipients += village_ketua(product.shop)
    return recipients


def recipients_for(event: Event) -> list[Recipient]:
    """Everyone `event` is for, each once (the first audience wins), never the person who acted."""
    kind, payload = event.kind, event.payload
    order, member, product = event.order, event.member, event.product
    found: list[Recipient] = []
    if order is not None:
        if kind == Kind.ORDER_PLACED:
            found = village_team(order.shop) + buyer(order)
        elif kind in (Kind.RECEIPT_UPLOADED, Kind.COMPLAINT_OPENED):
            found = village_team(order.shop)
        elif kind == Kind.ORDER_CANCELLED:
            # A buyer who cancels is told too (her confirmation); the village must stop packing.
            found = buyer(order) + (village_team(order.shop) if payload.get("by") == "buyer" else [])
        elif kind == Kind.ORDER_EXPIRING:
            # With a receipt uploaded, it is the village that must confirm the payment in time.
            found = village_team(order.shop) if payload.get("receipt") else buyer(order)
        elif kind in (
            Kind.ORDER_PAID,
            Kind.ORDER_SHIPPED,
            Kind.ORDER_READY,
            Kind.ORDER_COMPLETED,
            Kind.ORDER_REFUNDED,
        ):
            found = buyer(order)
    elif member is not None:
        if kind == Kind.JOIN_REQUESTED:
            found = [r for r in village_ketua(member.shop) if r.user is not None] or staff()
        elif kind in (Kind.MEMBER_APPROVED, Kind.MEMBER_REJECTED):
            found = [_member(member, MEMBER)]
        elif kind == Kind.MEMBER_SUSPENDED:
            found = [_member(member, MEMBER), *village_ketua(member.shop)]
    elif product is not None and kind in (Kind.PRODUCT_HIDDEN, Kind.STOCK_LOW, Kind.PRODUCT_PERMIT):
        found = maker(product)

    actor = payload.get("actor_user_id")
    unique: dict[str, Recipient] = {}
    for recipient in found:
        if actor and recipient.user is not None and recipient.user.pk == actor:
            continue
        unique.setdefault(recipient.key, recipient)
    return list(unique.values())
