"""
`manage.py seed_demo`: demo data for the four Desbumi villages of Jember.

What it makes: the 4 villages (with a drawn photo) and the 3 categories, 40 invented members
(10 per village), 120 products (30 per village) with drawn photos, and demo logins for Migrant
CARE staff, each village's ketua and one anggota, all with the password DEMO_PASSWORD.

Idempotent: users are keyed by email, member profiles by (village, name) and products by
(village, name). What already exists is left alone (passwords included), so a second run changes
nothing; the one exception is a demo jamu whose expiry date has passed since it was seeded, whose
dates move forward so that the demo never shows an expired jamu. Everything is drawn from a random
generator seeded by the village, so every machine gets the same members and products.

`--products N --orders M` then tops the database up to N products and M orders for benchmarks
(demo/volume.py says what they are made of); the same numbers again add nothing.

Names are invented (CONTEXT.md, "Demo data"): common Javanese given names, never a real person's.
"""

import secrets
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo import images as demo_images
from demo import volume
from demo.catalogue import (
    ANGGOTA_LOGIN,
    CATEGORIES,
    DEMO_PASSWORD,
    STAFF_EMAIL,
    VILLAGES,
    MemberSpec,
    ProductSpec,
    Village,
    member_specs,
    product_specs,
    shop_index,
)
from members.models import MemberProfile
from orders.models import Order
from products.models import Category, Product, ProductImage
from products.services import (
    VariantRow,
    product_create,
    product_image_add,
    product_publish,
    product_variants_set,
)
from shops.models import Shop
from staff.permissions import staff_group_ensure


# ------------------------------------------------------------------------------------------------
# The command
# ------------------------------------------------------------------------------------------------
@dataclass
class Login:
    email: str
    role: str


@dataclass
class Tally:
    shops: int = 0
    categories: int = 0
    users: int = 0
    profiles: int = 0
    products: int = 0
    images: int = 0
    refreshed: int = 0
    volume_products: int = 0
    volume_orders: int = 0


# Demo items sold in sizes (issue #16), by the start of their name.
SIZED_DEMO_ITEMS = ("Gaun APD Spunbond",)


class Command(BaseCommand):
    help = (
        "Isi data demo: 4 desa, 40 anggota, 120 produk dengan foto, dan akun demo "
        "(demo data: villages, members, products, demo logins). Aman dijalankan berulang kali."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet", action="store_true", help="Hanya cetak daftar login demo (print only the demo logins)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Jalankan juga saat DEBUG mati, misalnya di server demo (run even with DEBUG off). "
            "The demo logins have a published password: never on a real site.",
        )
        parser.add_argument(
            "--products",
            type=int,
            metavar="N",
            help="Tambah produk sampai jumlahnya N, untuk uji beban (top up to N products, for benchmarks).",
        )
        parser.add_argument(
            "--orders",
            type=int,
            metavar="M",
            help="Tambah pesanan sampai jumlahnya M, untuk uji beban (top up to M orders, for benchmarks).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG mati: ini seperti server sungguhan. Akun demo memakai kata sandi yang diketahui umum; "
                "tambahkan --force hanya untuk server demo. "
                "(DEBUG is off; the demo logins have a public password. Use --force on a demo server only.)"
            )
        for name in ("products", "orders"):
            if options[name] is not None and options[name] < 0:
                raise CommandError(f"--{name} tidak boleh negatif (must not be negative).")
        self.quiet = options["quiet"]
        self.today = timezone.localdate()
        tally = Tally()
        logins = []

        with transaction.atomic():
            categories = self._ensure_categories(tally)
            staff = self._ensure_user(STAFF_EMAIL, tally, first_name="Staf Migrant CARE", last_name="(demo)")
            self._make_staff(staff)
            logins.append(Login(STAFF_EMAIL, "Staf Migrant CARE (staff, admin)"))

        for village in VILLAGES:
            # One transaction per village: a failure leaves no half village (photo files aside).
            with transaction.atomic():
                logins += self._seed_village(village, categories, tally)
            if not self.quiet:
                self.stdout.write(f"  Desa {village.name}: selesai (done)")

        # Benchmark volume on top of the demo (demo/volume.py): totals, so a rerun adds nothing.
        if options["products"] is not None:
            tally.volume_products = volume.products_top_up(total=options["products"])
        if options["orders"] is not None:
            tally.volume_orders = volume.orders_top_up(total=options["orders"])

        self._report(logins, tally)

    # -- villages, categories ---------------------------------------------------------------------
    def _ensure_categories(self, tally) -> dict[str, Category]:
        categories = {}
        for name, slug, kind, order, description in CATEGORIES:
            category, created = Category.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "kind": kind, "sort_order": order, "description": description},
            )
            tally.categories += created
            categories[slug] = category
        return categories

    def _ensure_shop(self, village: Village, tally) -> Shop:
        shop, created = Shop.objects.get_or_create(
            slug=village.slug,
            defaults={
                "name": village.name,
                "kecamatan": village.kecamatan,
                "kabupaten": "Jember",
                "story": village.story,
                "whatsapp": village.whatsapp,
            },
        )
        tally.shops += created
        # Fill what is blank; never overwrite what staff may have edited.
        blank = [f for f in ("whatsapp", "story") if not getattr(shop, f)]
        for name in blank:
            setattr(shop, name, getattr(village, name))
        if not shop.bank_account_number:
            # Demo payment and delivery options, so a checkout works out of the box (invented account).
            options = {
                "pickup_address": f"Balai Desa {village.name}",
                "offers_local_delivery": True,
                "local_delivery_fee": 5000,
                "local_delivery_area": f"Kec. {village.kecamatan} dan sekitarnya",
                "offers_courier": True,
                "bank_name": "BRI",
                "bank_account_number": f"0123-01-00{shop_index(village.slug)}-50-1",
                "bank_account_name": f"Kelompok Desbumi {village.name}",
            }
            for name, value in options.items():
                setattr(shop, name, value)
            blank.extend(options)
        if not shop.photo:
            photo = demo_images.village_photo(f"desa:{village.slug}", **village.photo)
            shop.photo.save(f"{secrets.token_hex(16)}.jpg", ContentFile(photo), save=False)
            blank.append("photo")
        if blank:
            shop.save(update_fields=[*blank, "updated_at"])
        return shop

    # -- members and logins -------------------------------------------------------------------------
    def _seed_village(self, village: Village, categories, tally) -> list[Login]:
        shop = self._ensure_shop(village, tally)
        specs = member_specs(village)
        profiles = self._ensure_members(shop, specs, tally)

        logins = []
        ketua_name = specs[0].display_name
        email = f"ketua.{village.slug}@desbumi.test"
        user = self._ensure_user(email, tally, first_name=ketua_name)
        self._link(user, profiles[ketua_name])
        logins.append(Login(email, f"Ketua {village.name} (village chair)"))
        if village.slug == ANGGOTA_LOGIN[0]:
            email = f"anggota.{village.slug}@desbumi.test"
            user = self._ensure_user(email, tally, first_name=ANGGOTA_LOGIN[1])
            self._link(user, profiles[ANGGOTA_LOGIN[1]])
            logins.append(Login(email, f"Anggota {village.name} (member)"))

        makers = [s.display_name for s in specs if s.status == MemberProfile.Status.APPROVED]
        self._ensure_products(shop, categories, profiles, product_specs(village, makers), tally)
        return logins

    def _ensure_members(self, shop, specs: list[MemberSpec], tally) -> dict[str, MemberProfile]:
        existing = {p.display_name: p for p in MemberProfile.objects.filter(shop=shop)}
        profiles = {}
        for spec in specs:
            profile = existing.get(spec.display_name)
            if profile is None:
                profile = MemberProfile.objects.create(shop=shop, **asdict(spec))
                tally.profiles += 1
            profiles[spec.display_name] = profile
        return profiles

    def _ensure_user(self, email, tally, **names):
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            # The password is set only here: a second run leaves a changed password alone.
            user = User.objects.create_user(email, DEMO_PASSWORD, **names)
            tally.users += 1
        if apps.is_installed("allauth.account"):
            from allauth.account.models import EmailAddress

            address, created = EmailAddress.objects.get_or_create(
                user=user,
                email__iexact=user.email,
                defaults={"email": user.email, "verified": True, "primary": True},
            )
            if not created and not address.verified:
                address.verified = True
                address.save(update_fields=["verified"])
        return user

    def _make_staff(self, user):
        if not user.is_staff or user.is_superuser:
            user.is_staff, user.is_superuser = True, False
            user.save(update_fields=["is_staff", "is_superuser"])
        # Staff's rights come from the "Migrant CARE staff" group (migration staff/0001) alone.
        group = staff_group_ensure()
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        # Earlier versions of this command gave the demo account permissions of its own.
        if user.user_permissions.exists():
            user.user_permissions.clear()

    def _link(self, user, profile: MemberProfile):
        """Give the profile its login, unless either is already linked elsewhere."""
        if profile.user_id is None and not MemberProfile.objects.filter(user=user).exists():
            profile.user = user
            profile.save(update_fields=["user", "updated_at"])

    # -- products -----------------------------------------------------------------------------------
    def _ensure_products(self, shop, categories, profiles, specs: list[ProductSpec], tally):
        existing = {p.name: p for p in Product.objects.filter(shop=shop).select_related("category")}
        with_photos = set(
            ProductImage.objects.filter(product__shop=shop).values_list("product_id", flat=True).distinct()
        )
        for spec in specs:
            product = existing.get(spec.name)
            created = product is None
            if created:
                product = self._create_product(shop, categories, profiles, spec)
                tally.products += 1
            elif product.category.kind == Category.Kind.JAMU and product.is_expired and spec.expires_in_days:
                product.production_date = self.today - timedelta(days=spec.produced_days_ago)
                product.expiry_date = self.today + timedelta(days=spec.expires_in_days)
                product.save(update_fields=["production_date", "expiry_date", "updated_at"])
                tally.refreshed += 1
            if product.pk not in with_photos:
                for n, options in enumerate(spec.photos):
                    jpeg = demo_images.product_photo(
                        spec.item.kind, f"{shop.slug}:{spec.name}:{n}", **options
                    )
                    product_image_add(
                        product=product,
                        uploaded=ContentFile(jpeg, name=f"demo-{n + 1}.jpg"),
                        alt_text=spec.name if n == 0 else f"{spec.name} (foto {n + 1})",
                    )
                    tally.images += 1
            if created:
                self._set_status(product, spec)

    def _set_status(self, product, spec: ProductSpec) -> None:
        """A new product gets its demo status once its photos are there (publishing needs one)."""
        if spec.status != Product.Status.DRAFT:
            product_publish(product=product)
        if spec.status == Product.Status.ARCHIVED:
            product.status = Product.Status.ARCHIVED
            product.save(update_fields=["status", "updated_at"])

    def _create_product(self, shop, categories, profiles, spec: ProductSpec) -> Product:
        item = spec.item
        fields = dict(spec.fields)
        if item.kind == "jamu":
            fields["production_date"] = self.today - timedelta(days=spec.produced_days_ago)
            fields["expiry_date"] = self.today + timedelta(days=spec.expires_in_days)
        product = product_create(
            shop=shop,
            category=categories[item.kind],
            name=item.name,
            price=spec.price,
            made_by=profiles[spec.maker],
            description=item.description,
            stock=spec.stock,
            unit=item.unit,
            weight_grams=item.weight,
            material=item.material,
            size="" if item.name.startswith(SIZED_DEMO_ITEMS) else item.size,
            **fields,
        )
        if item.name.startswith(SIZED_DEMO_ITEMS):
            # Sizes (issue #16): the spunbond gowns are sold in S–XL, each with its own stock
            # (the product's split 2:3:3:2, a sold-out one sold out in every size), XL Rp2.000 dearer.
            shares = (2, 3, 3, 2)
            rows = [
                VariantRow(size, spec.price + (2000 if size == "XL" else 0), spec.stock * share // 10)
                for size, share in zip(("S", "M", "L", "XL"), shares, strict=True)
            ]
            product_variants_set(product=product, option1_name="Ukuran", rows=rows)
        return product

    # -- report -------------------------------------------------------------------------------------
    def _report(self, logins: list[Login], tally: Tally):
        width = max(len(login.email) for login in logins) + 2
        out = self.stdout
        if not self.quiet:
            out.write("")
        out.write(self.style.SUCCESS("Login demo (demo logins):"))
        out.write(f"  {'Email':<{width}}{'Kata sandi (password)':<24}Peran (role)")
        for login in logins:
            out.write(f"  {login.email:<{width}}{DEMO_PASSWORD:<24}{login.role}")
        if self.quiet:
            return
        out.write(
            "  Kata sandi hanya diatur saat akun dibuat (password set only when the account is created)."
        )
        out.write("")
        totals = {
            "desa (villages)": Shop.objects.count(),
            "kategori (categories)": Category.objects.count(),
            "anggota (members)": MemberProfile.objects.count(),
            "produk (products)": Product.objects.count(),
            "foto produk (photos)": ProductImage.objects.count(),
            "pesanan (orders)": Order.objects.count(),
            "akun (accounts)": get_user_model().objects.count(),
        }
        out.write("Jumlah (totals): " + ", ".join(f"{n} {label}" for label, n in totals.items()) + ".")
        created = {
            "desa": tally.shops,
            "kategori": tally.categories,
            "anggota": tally.profiles,
            "produk": tally.products,
            "foto": tally.images,
            "akun": tally.users,
        }
        line = "Baru dibuat (created now): " + ", ".join(f"{n} {label}" for label, n in created.items())
        if tally.refreshed:
            line += f"; {tally.refreshed} jamu diperbarui tanggalnya (dates refreshed)"
        out.write(line + ".")
        if tally.volume_products or tally.volume_orders:
            out.write(
                f"Volume: {tally.volume_products} produk dan {tally.volume_orders} pesanan ditambahkan "
                "(products and orders added)."
            )
