"""seed_demo: complete demo data, the same after a second run, within the rules listings show."""

import io
import itertools
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from demo.volume import PHOTOS_PER_CATEGORY, SERIES
from members.models import MemberProfile
from orders.models import Checkout, Order, OrderCounter, OrderItem, OrderStatusChange
from orders.services import ALLOWED
from products.models import Category, Product, ProductImage
from shops.models import Shop

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "desbumi-demo-2026"
VILLAGES = {"wonoasri", "sabrang", "ambulu", "dukuhdempok"}
PRODUCTS = 120  # 30 per village: 12 masker, 8 APD, 10 jamu


@pytest.fixture
def demo_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True  # as under `make run`; with DEBUG off the command wants --force
    # Six demo accounts with the real hasher cost seconds that this test does not need to spend.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


def _counts(media_root):
    return {
        "users": get_user_model().objects.count(),
        "profiles": MemberProfile.objects.count(),
        "products": Product.objects.count(),
        "images": ProductImage.objects.count(),
        "shops": Shop.objects.count(),
        "categories": Category.objects.count(),
        "published": Product.objects.filter(status=Product.Status.PUBLISHED).count(),
        "files": sum(1 for path in media_root.rglob("*") if path.is_file()),
    }


def test_seed_demo_is_complete_and_idempotent(demo_settings, tmp_path):
    out = io.StringIO()
    call_command("seed_demo", "--quiet", stdout=out)
    first = _counts(tmp_path)
    call_command("seed_demo", "--quiet", stdout=io.StringIO())
    assert _counts(tmp_path) == first, "a second run must create or change nothing"
    assert "staff@desbumi.test" in out.getvalue() and DEMO_PASSWORD in out.getvalue()

    # Villages and categories.
    shops = list(Shop.objects.all())
    assert {shop.slug for shop in shops} == VILLAGES
    for shop in shops:
        assert shop.photo and shop.photo.storage.exists(shop.photo.name)
        assert re.fullmatch(r"\+628\d{8,11}", shop.whatsapp)
    assert set(Category.objects.values_list("slug", flat=True)) == {"masker", "apd", "jamu"}

    # Members: 10 per village, one ketua each, most approved.
    assert first["profiles"] == 40
    for shop in shops:
        members = MemberProfile.objects.filter(shop=shop)
        assert members.count() == 10
        ketua = members.get(role=MemberProfile.Role.KETUA)
        assert ketua.handles_orders and ketua.status == MemberProfile.Status.APPROVED
        assert ketua.user.email == f"ketua.{shop.slug}@desbumi.test"
    statuses = dict(MemberProfile.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses == {"approved": 37, "pending": 2, "suspended": 1}
    assert MemberProfile.objects.filter(consent_public_profile=True).count() in range(24, 31)
    assert not MemberProfile.objects.exclude(status="approved").filter(handles_orders=True).exists()

    # Products: the exact number, unique names per village, made by an approved member of it.
    assert first["products"] == PRODUCTS
    assert not Product.objects.values("shop", "name").annotate(n=Count("pk")).filter(n__gt=1).exists()
    today = timezone.localdate()
    for product in Product.objects.select_related("made_by", "category").annotate(photos=Count("images")):
        assert product.made_by.shop_id == product.shop_id, product.name
        assert product.made_by.status == MemberProfile.Status.APPROVED, product.name
        assert 1 <= product.photos <= 2, product.name
        assert product.price > 0 and product.price % 500 == 0, product.name
        product.full_clean()  # permit formats (P-IRT, BPOM) and every other field rule
        if product.kemenkes_permit:
            assert product.category.kind in ("masker", "apd"), product.name
    assert first["images"] >= PRODUCTS
    assert Product.objects.exclude(kemenkes_permit="").count() == 4  # a few medical ones, the rest not
    by_status = dict(Product.objects.values_list("status").annotate(n=Count("pk")))
    assert by_status == {"published": 108, "draft": 8, "archived": 4}
    assert Product.objects.filter(stock=0).exists()

    # Published jamu: not expired, with a P-IRT or a BPOM number and a production date.
    jamu = Product.objects.filter(category__kind="jamu", status=Product.Status.PUBLISHED)
    assert jamu.exists()
    for product in jamu:
        assert not product.is_expired and product.expiry_date > today, product.name
        assert product.production_date <= today, product.name
        assert product.pirt_number or product.bpom_number, product.name
    assert jamu.exclude(bpom_number="").exists() and jamu.exclude(pirt_number="").exists()

    # Months later a demo jamu has expired: the next run moves its dates on, and adds nothing.
    stale = jamu.first()
    Product.objects.filter(pk=stale.pk).update(
        production_date=today - timedelta(days=200), expiry_date=today - timedelta(days=5)
    )
    call_command("seed_demo", "--quiet", stdout=io.StringIO())
    stale.refresh_from_db()
    assert not stale.is_expired and stale.production_date >= today - timedelta(days=31)
    assert _counts(tmp_path) == first

    # Staff: admin access without being a superuser, through the "Migrant CARE staff" group only:
    # no delete, nothing of auth.* (tests/staff checks the group's exact permissions).
    staff = get_user_model().objects.get(email="staff@desbumi.test")
    assert staff.is_staff and not staff.is_superuser
    assert list(staff.groups.values_list("name", flat=True)) == ["Migrant CARE staff"]
    assert not staff.user_permissions.exists()
    assert staff.has_perm("products.change_product") and staff.has_perm("members.view_memberprofile")
    assert staff.has_perm("shops.change_shop") and not staff.has_perm("shops.add_shop")
    assert not staff.has_perm("members.delete_user") and not staff.has_perm("products.delete_product")
    assert not any(perm.startswith("auth.") for perm in staff.get_all_permissions())
    assert Client().login(email="staff@desbumi.test", password=DEMO_PASSWORD)
    anggota = get_user_model().objects.get(email="anggota.sabrang@desbumi.test")
    assert anggota.member_profile.role == MemberProfile.Role.ANGGOTA and not anggota.is_staff


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", "--quiet", stdout=io.StringIO())
    assert not get_user_model().objects.filter(email="staff@desbumi.test").exists()


# ------------------------------------------------------------------------------------------------
# --products N --orders M: benchmark volume
# ------------------------------------------------------------------------------------------------
def _volume_counts(media_root):
    return {
        **_counts(media_root),
        "orders": Order.objects.count(),
        "checkouts": Checkout.objects.count(),
        "items": OrderItem.objects.count(),
        "history": OrderStatusChange.objects.count(),
        "counters": dict(OrderCounter.objects.values_list("shop_id", "last_number")),
    }


def test_seed_demo_volume_reaches_the_totals_once_and_tops_up(demo_settings, tmp_path):
    # Given the demo with a volume of 300 products and 50 orders
    out = io.StringIO()
    call_command("seed_demo", "--products", "300", "--orders", "50", stdout=out)
    first = _volume_counts(tmp_path)

    # Then the totals are exact, and the same numbers again add nothing
    assert (first["products"], first["orders"], first["checkouts"]) == (300, 50, 50)
    assert "180 produk dan 50 pesanan ditambahkan" in out.getvalue()
    call_command("seed_demo", "--quiet", "--products", "300", "--orders", "50", stdout=io.StringIO())
    assert _volume_counts(tmp_path) == first

    # Products: the catalogue's rules, each with one photo; a few drawn files shared by the rest.
    now, today = timezone.now(), timezone.localdate()
    volume = Product.objects.filter(name__contains=SERIES).select_related("made_by", "category")
    assert volume.count() == 180
    for product in volume.annotate(photos=Count("images")):
        assert product.photos == 1, product.name
        assert product.made_by.shop_id == product.shop_id, product.name
        assert product.made_by.status == MemberProfile.Status.APPROVED, product.name
        assert product.price > 0 and product.price % 500 == 0, product.name
        product.full_clean()  # slug, permit formats (P-IRT, BPOM), every other field rule
        if product.status == Product.Status.DRAFT:
            assert product.published_at is None, product.name
        else:
            assert product.created_at <= product.published_at <= now, product.name
        if product.category.kind == Category.Kind.JAMU:
            assert product.production_date <= today < product.expiry_date, product.name
            assert product.pirt_number or product.bpom_number, product.name
    photos = ProductImage.objects.filter(product__in=volume)
    files = set(photos.values_list("image", flat=True))
    assert len(files) == 3 * PHOTOS_PER_CATEGORY
    assert all(photos.first().image.storage.exists(name) for name in files)
    assert volume.filter(status=Product.Status.PUBLISHED).count() > volume.count() * 0.8

    # Orders: sums, numbers from each village's counter in date order, a history the rules allow.
    orders = list(Order.objects.select_related("shop").prefetch_related("items", "history"))
    for order in orders:
        items = list(order.items.all())
        assert items and order.items_total == sum(item.unit_price * item.quantity for item in items)
        assert order.total == order.items_total + order.delivery_fee + order.unique_code
        assert now - timedelta(days=184) < order.created_at <= now, order.number
        history = list(order.history.all())
        assert history[0].from_status == "" and history[0].created_at == order.created_at, order.number
        assert history[-1].to_status == order.status, order.number
        for before, after in itertools.pairwise(history):
            assert after.to_status in ALLOWED[before.to_status], order.number
            assert after.from_status == before.to_status and before.created_at <= after.created_at
        if order.status == Order.Status.AWAITING_PAYMENT:
            assert order.expires_at > now, order.number
        if order.is_prepaid and order.paid_at:
            assert order.counted_at == order.paid_at, order.number
        if not order.is_prepaid:
            assert order.counted_at == order.completed_at, order.number
        if order.status == Order.Status.CANCELLED:
            assert order.cancelled_at and order.stock_returned, order.number
        assert (order.unique_code > 0) == order.is_prepaid, order.number
    for shop in Shop.objects.all():
        mine = sorted((o for o in orders if o.shop_id == shop.pk), key=lambda o: o.created_at)
        code = shop.order_code or shop.slug[:3].upper()
        assert [o.number for o in mine] == [f"{code}-{n:05d}" for n in range(1, len(mine) + 1)]
        assert first["counters"].get(shop.pk, 0) == len(mine)
    assert len({o.status for o in orders}) >= 4  # orders of several fates
    assert max(o.created_at for o in orders) - min(o.created_at for o in orders) > timedelta(days=60)

    # The pages show them.
    client = Client()
    published = volume.filter(status=Product.Status.PUBLISHED).first()
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200

    # When the numbers grow, only the difference is added, and the counters go on.
    call_command("seed_demo", "--quiet", "--products", "310", "--orders", "60", stdout=io.StringIO())
    assert (Product.objects.count(), Order.objects.count(), Checkout.objects.count()) == (310, 60, 60)
    assert set(ProductImage.objects.filter(product__in=volume).values_list("image", flat=True)) == files
    assert _counts(tmp_path)["files"] == first["files"]  # no photo drawn again
    counters = dict(OrderCounter.objects.values_list("shop_id", "last_number"))
    assert sum(counters.values()) == 60
    for shop_id, last in counters.items():
        numbers = sorted(
            int(n.rsplit("-", 1)[1])
            for n in Order.objects.filter(shop_id=shop_id).values_list("number", flat=True)
        )
        assert numbers == list(range(1, last + 1))


def test_seed_demo_refuses_a_negative_volume(demo_settings):
    before = (get_user_model().objects.count(), Product.objects.count(), Order.objects.count())
    with pytest.raises(CommandError, match="negatif"):
        call_command("seed_demo", "--quiet", "--orders", "-1", stdout=io.StringIO())
    assert (get_user_model().objects.count(), Product.objects.count(), Order.objects.count()) == before
