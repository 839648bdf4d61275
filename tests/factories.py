"""factory_boy factories; villages and categories are get-or-create, since live_server tests flush."""

import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from members.models import MemberProfile, User
from products.models import Category, Product
from products.services import product_image_add
from shops.models import Shop

VILLAGES = {
    "wonoasri": ("Wonoasri", "Tempurejo"),
    "sabrang": ("Sabrang", "Ambulu"),
    "ambulu": ("Ambulu", "Ambulu"),
    "dukuhdempok": ("Dukuhdempok", "Wuluhan"),
}
CATEGORIES = {"masker": ("Masker", "masker"), "apd": ("APD", "apd"), "jamu": ("Jamu", "jamu")}


def village(slug: str) -> Shop:
    name, kecamatan = VILLAGES[slug]
    return Shop.objects.get_or_create(slug=slug, defaults={"name": name, "kecamatan": kecamatan})[0]


def category(slug: str) -> Category:
    name, kind = CATEGORIES[slug]
    return Category.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})[0]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"orang{n}@contoh.test")
    password = factory.django.Password("rahasia-123")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberProfile

    shop = factory.LazyFunction(lambda: village("sabrang"))
    display_name = factory.Sequence(lambda n: f"Anggota Contoh {n}")
    status = MemberProfile.Status.APPROVED
    consent_public_profile = True


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    shop = factory.LazyFunction(lambda: village("sabrang"))
    category = factory.LazyFunction(lambda: category("jamu"))
    made_by = factory.LazyAttribute(lambda o: MemberFactory(shop=o.shop))
    name = factory.Sequence(lambda n: f"Jamu Contoh {n}")
    slug = factory.Sequence(lambda n: f"produk-contoh-{n}")
    price = 25000
    stock = 10
    status = Product.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def jpeg_bytes(width=400, height=300, color=(200, 120, 40), exif=None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", exif=exif if exif is not None else b"")
    return buffer.getvalue()


def add_photo(product, *, color=(200, 120, 40), alt="") -> object:
    return product_image_add(
        product=product, uploaded=ContentFile(jpeg_bytes(color=color), name="foto.jpg"), alt_text=alt
    )


# ----------------------------------------------------------------------------------------------
# People who log in
# ----------------------------------------------------------------------------------------------
PASSWORD = "rahasia-123"


def verified(user: User) -> User:
    """Mark the user's email as confirmed (allauth's mandatory verification lets her log in)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def member_with_account(
    *,
    shop: str = "sabrang",
    role: str = MemberProfile.Role.ANGGOTA,
    status: str = MemberProfile.Status.APPROVED,
    email: str | None = None,
    **fields,
) -> MemberProfile:
    """A member with a verified login (password PASSWORD) in village `shop`."""
    user = verified(UserFactory(**({"email": email} if email else {})))
    fields.setdefault("requested_at", timezone.now())
    return MemberFactory(user=user, shop=village(shop), role=role, status=status, **fields)


def staff_user(*, email: str = "staf@migrantcare.test") -> User:
    """Migrant CARE staff: the admin, with the permissions to view and change member profiles."""
    from django.contrib.auth.models import Permission

    user = verified(UserFactory(email=email, is_staff=True))
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="members", codename__in=["view_memberprofile", "change_memberprofile"]
        )
    )
    return User.objects.get(pk=user.pk)  # a fresh instance: no stale permission cache


STAFF_EMAIL = "staf@migrantcare.test"


def make_staff(email: str = STAFF_EMAIL) -> User:
    """A Migrant CARE staff user in the "Migrant CARE staff" group (not a superuser)."""
    from staff.permissions import staff_group_ensure

    user = verified(UserFactory(email=email, is_staff=True))
    user.groups.add(staff_group_ensure())
    return User.objects.get(pk=user.pk)  # a fresh instance: no stale permission cache
