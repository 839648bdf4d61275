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

Names are invented (CONTEXT.md, "Demo data"): common Javanese given names, never a real person's.
"""

import random
import secrets
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.phone import normalise_phone
from desbumi_market import demo_images
from members.models import MemberProfile
from products.models import Category, Product, ProductImage
from products.services import product_create, product_image_add, product_publish
from shops.models import Shop
from staff.permissions import staff_group_ensure

# Published on purpose (README, `make run`): demo logins only, refused with DEBUG off.
DEMO_PASSWORD = "desbumi-demo-2026"  # noqa: S105
STAFF_EMAIL = "staff@desbumi.test"
ANGGOTA_LOGIN = ("sabrang", "Sri Utami")  # the village and member behind anggota.sabrang@…

MEMBERS_PER_VILLAGE = 10
PRODUCTS_PER_KIND = {"masker": 12, "apd": 8, "jamu": 10}  # 30 per village


# ------------------------------------------------------------------------------------------------
# Villages and categories (the same as the data migrations, in case those rows were deleted)
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Village:
    number: int  # 1–4, used in the invented phone numbers
    name: str
    slug: str
    kecamatan: str
    story: str
    photo: dict = field(default_factory=dict)  # options for demo_images.village_photo

    @property
    def whatsapp(self) -> str:
        return normalise_phone(f"08123450000{self.number}")


def shop_index(slug: str) -> str:
    return f"{[v.slug for v in VILLAGES].index(slug) + 1:04d}"


VILLAGES = [
    Village(
        1,
        "Wonoasri",
        "wonoasri",
        "Tempurejo",
        "Desa Wonoasri di tepi hutan Meru Betiri. Para anggota Desbumi di sini menjahit masker kain "
        "dan APD, dan meracik jamu dari kebun sendiri.",
        {"forest": True},
    ),
    Village(
        2,
        "Sabrang",
        "sabrang",
        "Ambulu",
        "Desa Sabrang dekat pantai selatan Jember. Ibu-ibu purna pekerja migran di sini terkenal "
        "dengan jamu kunyit asam dan beras kencur.",
        {"coast": True},
    ),
    Village(
        3,
        "Ambulu",
        "ambulu",
        "Ambulu",
        "Desa Ambulu, pusat kecamatan di selatan Jember. Anggotanya membuat masker, gaun APD dan "
        "jamu untuk puskesmas dan warga sekitar.",
        {"mosque": True},
    ),
    Village(
        4,
        "Dukuhdempok",
        "dukuhdempok",
        "Wuluhan",
        "Desa Dukuhdempok di Kecamatan Wuluhan. Kelompok perempuan purna pekerja migran di sini "
        "menjahit masker dan face shield sejak masa pandemi.",
        {"tobacco": True},
    ),
]

CATEGORIES = [
    ("Masker", "masker", Category.Kind.MASKER, 1, "Masker kain dan masker medis buatan anggota Desbumi."),
    (
        "APD",
        "apd",
        Category.Kind.APD,
        2,
        "Alat pelindung diri: gaun, face shield, baju hazmat untuk tenaga kesehatan.",
    ),
    (
        "Jamu",
        "jamu",
        Category.Kind.JAMU,
        3,
        "Jamu tradisional: kunyit asam, beras kencur, temulawak, jahe merah.",
    ),
]


# ------------------------------------------------------------------------------------------------
# Members: invented names (the first of each list is the ketua)
# ------------------------------------------------------------------------------------------------
MEMBER_NAMES = {
    "wonoasri": [
        "Siti Aminah", "Sri Wahyuni", "Nur Hasanah", "Lilik Mariyati", "Endang Purwati",
        "Tutik Handayani", "Yuyun Rahmawati", "Sulastri", "Eka Fitriani", "Rukmini",
    ],
    "sabrang": [
        "Musripah", "Sumarni", "Yuli Astutik", "Sri Utami", "Dwi Rahayu",
        "Nanik Sulistyowati", "Siti Maisaroh", "Wiwik Indrawati", "Mardiyah", "Titin Suhartini",
    ],
    "ambulu": [
        "Anik Setyowati", "Ernawati", "Kusnul Khotimah", "Lina Marlina", "Sunarsih",
        "Tri Wulandari", "Nurul Hidayati", "Sutini", "Rina Agustina", "Hartatik",
    ],
    "dukuhdempok": [
        "Sri Suharti", "Suprapti", "Siti Qomariyah", "Rumiati", "Elok Faiqoh",
        "Ninik Yuliani", "Winarti", "Mujiati", "Yayuk Sriwahyuni", "Juwariyah",
    ],
}  # fmt: skip
PENDING = {("wonoasri", "Rukmini"), ("dukuhdempok", "Juwariyah")}
SUSPENDED = {("ambulu", "Hartatik")}
# Besides the ketua, how many members handle the village's orders (the 2nd, 3rd… of the list).
ORDER_HANDLERS = {"wonoasri": 2, "sabrang": 1, "ambulu": 2, "dukuhdempok": 1}

COUNTRIES = ["Hong Kong", "Taiwan", "Malaysia", "Arab Saudi", "Singapura"]
STORY_ENDINGS = [
    "Sekarang menjahit masker di rumah sambil mengasuh cucu.",
    "Pulang ke desa tahun {year} dan ikut kelompok Desbumi sejak awal.",
    "Dulu merawat lansia; sekarang meracik jamu bersama ibu-ibu PPT.",
    "Belajar menjahit dari pelatihan di PPT desa.",
    "Uang hasil kerjanya dulu dipakai menyekolahkan anak-anak.",
    "Setiap pagi membuat jamu kunyit asam untuk tetangga.",
    "",
    "",
]


@dataclass(frozen=True)
class MemberSpec:
    display_name: str
    role: str
    handles_orders: bool
    status: str
    phone: str
    story: str
    consent_public_profile: bool
    consent_show_story: bool
    consent_show_photo: bool
    consent_show_phone: bool


def member_specs(village: Village) -> list[MemberSpec]:
    rng = random.Random(f"desbumi-demo:members:{village.slug}")
    names = MEMBER_NAMES[village.slug]
    public = set(rng.sample(range(1, len(names)), 6))  # 6 of 9 anggota, and the ketua: 70 %
    specs = []
    for i, name in enumerate(names):
        ketua = i == 0
        years, country = rng.randint(2, 12), rng.choice(COUNTRIES)
        story = f"Bekerja {years} tahun di {country}."
        ending = (
            f"Sekarang menjadi ketua PPT Desbumi {village.name}."
            if ketua
            else rng.choice(STORY_ENDINGS).format(year=rng.randint(2012, 2021))
        )
        status = MemberProfile.Status.APPROVED
        if (village.slug, name) in PENDING:
            status = MemberProfile.Status.PENDING
        elif (village.slug, name) in SUSPENDED:
            status = MemberProfile.Status.SUSPENDED
        is_public = ketua or i in public
        specs.append(
            MemberSpec(
                display_name=name,
                role=MemberProfile.Role.KETUA if ketua else MemberProfile.Role.ANGGOTA,
                handles_orders=i <= ORDER_HANDLERS[village.slug] and status == MemberProfile.Status.APPROVED,
                status=status,
                phone=normalise_phone(f"0812345{village.number}{i + 1:04d}"),
                story=f"{story} {ending}".strip(),
                consent_public_profile=is_public,
                consent_show_story=is_public and (ketua or rng.random() < 0.6),
                consent_show_photo=is_public and not ketua and rng.random() < 0.3,
                consent_show_phone=is_public and not ketua and rng.random() < 0.25,
            )
        )
    return specs


# ------------------------------------------------------------------------------------------------
# The catalogue the products are drawn from
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    kind: str  # category slug
    name: str
    price: tuple[int, int]
    unit: str
    weight: int
    description: str
    material: str = ""
    size: str = ""
    photo: dict = field(default_factory=dict)  # options for demo_images.product_photo
    medical: bool = False  # sold with a Kemenkes distribution permit
    shelf_life: tuple[int, int] | None = None  # jamu: expiry this many days from today
    powder: bool = False  # jamu serbuk: may be registered at BPOM


NON_MEDICAL = "Masker kain non-medis."


def _masker_items() -> list[Item]:
    items = []
    for motif, pattern, words in (
        ("Kawung", "kawung", "motif kawung"),
        ("Parang", "parang", "motif parang"),
        ("Labako", "labako", "motif labako (daun tembakau) khas Jember"),
        ("Bunga", "floral", "motif bunga"),
    ):
        items.append(
            Item(
                "masker",
                f"Masker Kain Batik 3 Lapis Motif {motif}",
                (8000, 15000),
                "pcs",
                25,
                f"Masker kain batik {words}, tiga lapis katun. Bisa dicuci dan dipakai ulang. {NON_MEDICAL}",
                "Katun batik cap, 3 lapis",
                "Dewasa (±18 × 13 cm)",
                {"pattern": pattern},
            )
        )
    for colour in (
        "Hitam",
        "Biru Dongker",
        "Abu-abu",
        "Hijau Botol",
        "Merah Marun",
        "Krem",
        "Merah Muda",
        "Ungu",
    ):
        items.append(
            Item(
                "masker",
                f"Masker Kain Katun 2 Lapis {colour}",
                (5000, 9000),
                "pcs",
                20,
                f"Masker kain katun dua lapis warna {colour.lower()} dengan tali telinga elastis. "
                f"Cuci dulu sebelum dipakai pertama kali. {NON_MEDICAL}",
                "Katun toyobo, 2 lapis",
                "Dewasa (±18 × 13 cm)",
                {"colour": colour},
            )
        )
    for label, photo in (
        ("Polkadot Merah Muda", {"colour": "Merah Muda", "pattern": "dots"}),
        ("Polkadot Biru", {"colour": "Biru Muda", "pattern": "dots"}),
        ("Motif Bunga", {"pattern": "floral", "palette": "krem"}),
        ("Kuning", {"colour": "Kuning"}),
    ):
        items.append(
            Item(
                "masker",
                f"Masker Anak 2 Lapis {label}",
                (5000, 8000),
                "pcs",
                15,
                f"Masker kain untuk anak usia 4–10 tahun, dua lapis katun yang lembut dengan tali telinga "
                f"kecil. {NON_MEDICAL}",
                "Katun, 2 lapis",
                "Anak 4–10 tahun (±15 × 11 cm)",
                {**photo, "child": True},
            )
        )
    for colour in ("Hitam", "Krem", "Biru Dongker", "Merah Muda", "Ungu"):
        items.append(
            Item(
                "masker",
                f"Masker Hijab Tali Kepala {colour}",
                (10000, 15000),
                "pcs",
                30,
                "Masker tiga lapis dengan tali kain yang diikat di belakang kepala, nyaman dipakai bersama "
                f"jilbab. {NON_MEDICAL}",
                "Katun, 3 lapis, tali kain",
                "Dewasa, tali 2 × 45 cm",
                {"colour": colour, "straps": "ties"},
            )
        )
    for colour in ("Hitam", "Abu-abu", "Biru Dongker"):
        items.append(
            Item(
                "masker",
                f"Masker Kain 3D Kantong Filter {colour}",
                (7000, 12000),
                "pcs",
                22,
                "Masker kain model 3D yang mengikuti bentuk wajah, dengan kantong untuk kertas filter "
                f"(filter tidak termasuk). {NON_MEDICAL}",
                "Katun toyobo, 2 lapis, kantong filter",
                "Dewasa",
                {"colour": colour, "style": "contoured"},
            )
        )
    items += [
        Item(
            "masker",
            "Masker Kain Lurik 2 Lapis",
            (8000, 12000),
            "pcs",
            25,
            f"Masker dari kain lurik tenun dengan lapisan dalam katun. {NON_MEDICAL}",
            "Kain lurik dan katun, 2 lapis",
            "Dewasa (±18 × 13 cm)",
            {"pattern": "lurik"},
        ),
        Item(
            "masker",
            "Masker Kain Isi 5 Warna Campur",
            (30000, 40000),
            "pak",
            120,
            "Lima masker kain katun dua lapis dengan warna campur. Cocok untuk sekolah dan kantor desa. "
            f"{NON_MEDICAL}",
            "Katun, 2 lapis",
            "Dewasa",
            {"colour": "Krem", "count": 5},
        ),
        Item(
            "masker",
            "Masker Batik Isi 3 Motif Campur",
            (25000, 35000),
            "pak",
            80,
            f"Tiga masker kain batik tiga lapis dengan motif yang berbeda-beda. {NON_MEDICAL}",
            "Katun batik cap, 3 lapis",
            "Dewasa",
            {"pattern": "kawung", "count": 3},
        ),
    ]
    return items


MEDICAL_MASK = Item(
    "masker",
    "Masker Medis 3 Ply Earloop Isi 50",
    (35000, 45000),
    "pak",
    300,
    "Masker medis tiga lapis (spunbond–meltblown–spunbond) sekali pakai, isi 50 per kotak. "
    "Sudah memiliki izin edar Kemenkes.",
    "Spunbond dan meltblown, 3 ply",
    "17,5 × 9,5 cm",
    {"colour": "Biru Medis"},
    medical=True,
)


def _apd_items() -> list[Item]:
    items = []
    for colour in ("Biru", "Hijau", "Kuning", "Putih"):
        items.append(
            Item(
                "apd",
                f"Gaun APD Spunbond Lengan Panjang {colour}",
                (20000, 35000),
                "pcs",
                120,
                "Gaun APD sekali pakai dari spunbond 75 gsm, lengan panjang dengan manset karet dan tali di "
                "pinggang. Non-medis: untuk posyandu, petugas kebersihan dan kegiatan desa.",
                "Spunbond 75 gsm",
                "All size (panjang 115 cm)",
                {"kind": "gown", "colour": colour},
            )
        )
    for colour in ("Biru", "Hijau", "Putih"):
        items.append(
            Item(
                "apd",
                f"Gaun APD Parasut Bisa Dicuci {colour}",
                (55000, 90000),
                "pcs",
                280,
                "Gaun APD dari kain parasut tahan air yang bisa dicuci dan dipakai berulang kali. Jahitan "
                "rapat dan manset karet di pergelangan tangan. Non-medis.",
                "Kain parasut tahan air",
                "All size (panjang 120 cm)",
                {"kind": "gown_parasut", "colour": colour},
            )
        )
    for colour, size, tape in (
        ("Putih", "L", "Kuning"),
        ("Putih", "XL", "Biru"),
        ("Kuning", "L", "Abu-abu"),
        ("Kuning", "XL", "Abu-abu"),
    ):
        items.append(
            Item(
                "apd",
                f"Baju Hazmat Parasut {colour} Ukuran {size}",
                (95000, 150000),
                "set",
                450,
                "Baju hazmat terusan dengan penutup kepala, ritsleting depan dan karet di pergelangan tangan "
                "dan kaki. Bisa dicuci. Non-medis.",
                "Kain parasut tahan air",
                size,
                {"kind": "hazmat", "colour": colour, "tape": tape},
            )
        )
    shield = (
        "Face shield dengan busa lembut di dahi dan tali karet; mika bening 0,3 mm bisa dibersihkan "
        "dengan alkohol 70%."
    )
    items += [
        Item(
            "apd",
            "Face Shield Busa Dewasa",
            (5000, 10000),
            "pcs",
            45,
            shield,
            "Mika PET 0,3 mm, busa, karet",
            "Dewasa",
            {"kind": "face_shield"},
        ),
        Item(
            "apd",
            "Face Shield Busa Anak",
            (5000, 8000),
            "pcs",
            35,
            shield,
            "Mika PET 0,3 mm, busa, karet",
            "Anak",
            {"kind": "face_shield"},
        ),
        Item(
            "apd",
            "Face Shield Model Kacamata",
            (15000, 22000),
            "pcs",
            60,
            "Face shield dengan bingkai kacamata, mika bisa dilepas dan diganti. Cocok untuk yang "
            "berkacamata.",
            "Mika PET 0,3 mm, bingkai plastik",
            "Dewasa",
            {"kind": "face_shield_frame"},
        ),
    ]
    for colour, photo_colour in (("Putih", "Putih"), ("Biru", "Biru Muda")):
        items.append(
            Item(
                "apd",
                f"Apron Plastik {colour} Isi 10",
                (15000, 25000),
                "pak",
                150,
                "Apron plastik PE sekali pakai, isi 10 lembar. Untuk dapur, posyandu dan petugas kebersihan.",
                "Plastik PE",
                "70 × 120 cm",
                {"kind": "apron", "colour": photo_colour},
            )
        )
    for colour, photo_colour in (("Hijau", "Hijau Medis"), ("Biru", "Biru Medis"), ("Putih", "Putih")):
        items.append(
            Item(
                "apd",
                f"Penutup Kepala Nurse Cap Isi 10 {colour}",
                (10000, 18000),
                "pak",
                80,
                "Penutup kepala (nurse cap) dari spunbond dengan karet di sekelilingnya, isi 10. "
                "Sekali pakai.",
                "Spunbond 25 gsm",
                "All size",
                {"kind": "cap", "colour": photo_colour},
            )
        )
    return items


MEDICAL_GOWN = Item(
    "apd",
    "Gaun Medis Spunbond Laminasi Level 2",
    (40000, 60000),
    "pcs",
    150,
    "Gaun medis sekali pakai dari spunbond berlapis (laminasi) yang tahan cairan, dengan manset karet "
    "dan tali pinggang. Sudah memiliki izin edar Kemenkes.",
    "Spunbond laminasi 60 gsm",
    "All size (panjang 120 cm)",
    {"kind": "gown", "colour": "Biru"},
    medical=True,
)
# Which villages sell something medical (with a Kemenkes permit): only these four products.
MEDICAL_ITEMS = {
    "wonoasri": [MEDICAL_MASK],
    "ambulu": [MEDICAL_MASK, MEDICAL_GOWN],
    "dukuhdempok": [MEDICAL_GOWN],
}

# key: (label, ingredients, taste)
JAMU = {
    "kunyit_asam": ("Kunyit Asam", "kunyit, asam jawa, gula aren dan sedikit garam", "segar, asam manis"),
    "beras_kencur": ("Beras Kencur", "beras, kencur, jahe, gula aren dan daun pandan", "manis dan harum"),
    "temulawak": ("Temulawak", "temulawak, gula aren dan kayu manis", "sedikit pahit dan menghangatkan"),
    "jahe_merah": ("Jahe Merah", "jahe merah, serai, gula aren dan kayu manis", "pedas dan hangat"),
    "sinom": ("Sinom", "daun asam muda, kunyit, asam jawa dan gula aren", "segar dan ringan"),
}


def _jamu_items() -> list[Item]:
    items = []
    for key, (label, ingredients, taste) in JAMU.items():
        for volume, photo_volume, price, weight, shelf in (
            ("250 ml", "250 ml", (6000, 10000), 300, (30, 75)),
            ("500 ml", "500 ml", (10000, 18000), 560, (30, 75)),
            ("1 Liter", "1 liter", (20000, 32000), 1100, (30, 60)),
        ):
            items.append(
                Item(
                    "jamu",
                    f"Jamu {label} {volume}",
                    price,
                    "botol",
                    weight,
                    f"Jamu {label.lower()} dari {ingredients}, diracik segar oleh ibu-ibu Desbumi. Rasanya "
                    f"{taste}. Tanpa pengawet: simpan di kulkas dan kocok dulu sebelum diminum.",
                    photo={"drink": key, "volume": photo_volume},
                    shelf_life=shelf,
                )
            )
        if key != "sinom":
            items.append(
                Item(
                    "jamu",
                    f"Jamu Serbuk {label} 100 g",
                    (15000, 28000),
                    "pak",
                    120,
                    f"Jamu serbuk instan {label.lower()} dari {ingredients}. Seduh satu sendok makan dengan "
                    "150 ml air panas. Dikemas dalam kantong zip agar tetap kering.",
                    photo={"drink": key, "volume": "100 g", "pack": "pouch"},
                    shelf_life=(90, 180),
                    powder=True,
                )
            )
    items.append(
        Item(
            "jamu",
            "Paket Jamu 4 Rasa 4 × 250 ml",
            (28000, 38000),
            "pak",
            1250,
            "Empat botol jamu 250 ml: kunyit asam, beras kencur, temulawak dan jahe merah. Cocok untuk "
            "dicoba bersama keluarga.",
            photo={"pack": "set", "drinks": ["kunyit_asam", "beras_kencur", "temulawak", "jahe_merah"]},
            shelf_life=(30, 60),
        )
    )
    return items


@dataclass
class ProductSpec:
    item: Item
    maker: str  # display name of an approved member of the village
    price: int
    stock: int
    status: str
    photos: list[dict]
    fields: dict  # permits and dates for product_create
    produced_days_ago: int = 0
    expires_in_days: int = 0

    @property
    def name(self) -> str:
        return self.item.name


def _price(rng, low, high) -> int:
    return max(500, round(rng.randint(low, high) / 500) * 500)


def _pirt(rng) -> str:
    # Type, food group, Jember's regency code (3509), product, producer and year: 15 digits.
    food_group, product, producer = rng.randint(1, 16), rng.randint(1, 9999), rng.randint(1, 99)
    return f"2{food_group:02d}3509{product:04d}{producer:02d}{rng.randint(27, 31)}"


def _bpom(rng) -> str:
    return f"POM TR{rng.choice((19, 20, 21, 22, 23))}{rng.randint(3, 6)}{rng.randint(0, 999999):06d}"


def _halal_number(rng) -> str:
    return f"ID35{rng.randint(10**14, 10**15 - 1)}"


def _kemenkes(rng, item: Item) -> str:
    group = "2160302" if item.kind == "masker" else "2160201"
    return f"KEMENKES RI AKD {group}{rng.randint(1000, 9999)}"


def product_specs(village: Village, approved_makers: list[str]) -> list[ProductSpec]:
    """The village's 30 products, the same on every run."""
    rng = random.Random(f"desbumi-demo:products:{village.slug}")
    medical = MEDICAL_ITEMS.get(village.slug, [])
    chosen = list(medical)
    for kind, pool in (("masker", _masker_items()), ("apd", _apd_items()), ("jamu", _jamu_items())):
        wanted = PRODUCTS_PER_KIND[kind] - sum(1 for item in medical if item.kind == kind)
        chosen += rng.sample(pool, wanted)
    rng.shuffle(chosen)
    draft_or_archived = rng.sample(range(len(chosen)), 3)
    sold_out = set(rng.sample(range(len(chosen)), 2))
    specs = []
    for i, item in enumerate(chosen):
        status = Product.Status.PUBLISHED
        if i in draft_or_archived[:2]:
            status = Product.Status.DRAFT
        elif i == draft_or_archived[2]:
            status = Product.Status.ARCHIVED
        photo = dict(item.photo)
        if photo.get("pattern", "plain") != "plain" and "colour" not in photo:
            photo.setdefault("palette", rng.choice(sorted(demo_images.BATIK_PALETTES)))
        photos = [photo] * (2 if rng.random() < 0.35 else 1)
        fields = {}
        spec = ProductSpec(
            item=item,
            maker=rng.choice(approved_makers),
            price=_price(rng, *item.price),
            stock=0 if i in sold_out else rng.randint(2, 60),
            status=status,
            photos=photos,
            fields=fields,
        )
        if item.medical:
            fields["kemenkes_permit"] = _kemenkes(rng, item)
        if item.kind == "jamu":
            if item.powder and rng.random() < 0.5:
                fields["bpom_number"] = _bpom(rng)
            else:
                fields["pirt_number"] = _pirt(rng)
            halal = rng.random()
            if halal < 0.6:
                fields["halal_status"] = Product.Halal.SELF_DECLARE
                fields["halal_number"] = _halal_number(rng)
            else:  # halal is mandatory for jamu since 17 October 2026 (products.rules)
                fields["halal_status"] = Product.Halal.CERTIFIED
                fields["halal_number"] = _halal_number(rng)
            spec.produced_days_ago = rng.randint(1, 28)
            spec.expires_in_days = rng.randint(*item.shelf_life)
        specs.append(spec)
    return specs


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

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG mati: ini seperti server sungguhan. Akun demo memakai kata sandi yang diketahui umum; "
                "tambahkan --force hanya untuk server demo. "
                "(DEBUG is off; the demo logins have a public password. Use --force on a demo server only.)"
            )
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
            if product is None:
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
            size=item.size,
            **fields,
        )
        if spec.status != Product.Status.DRAFT:
            product_publish(product=product)
        if spec.status == Product.Status.ARCHIVED:
            product.status = Product.Status.ARCHIVED
            product.save(update_fields=["status", "updated_at"])
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
