"""
What the demo marketplace is made of: the four villages, invented members, the catalogue of items
their products are drawn from, and the made-up permit numbers. Pure data and random draws (seeded,
so every machine gets the same demo); `seed_demo` writes it, demo/volume.py scales it up.

Names are invented (CONTEXT.md, "Demo data"): common Javanese given names, never a real person's.
"""

import random
from dataclasses import dataclass, field

from core.phone import normalise_phone
from demo import images as demo_images
from members.models import MemberProfile
from products.models import Category, Product

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


def permit_fields(rng, item: Item) -> dict:
    """Kemenkes permit of a medical item; P-IRT or BPOM number and halal status of a jamu."""
    fields = {}
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
        elif halal < 0.9:
            fields["halal_status"] = Product.Halal.CERTIFIED
            fields["halal_number"] = _halal_number(rng)
    return fields


def item_pools() -> dict[str, list[Item]]:
    """Every item a product may be, by category slug (medical ones included)."""
    medical = [item for items in MEDICAL_ITEMS.values() for item in items]
    pools = {"masker": _masker_items(), "apd": _apd_items(), "jamu": _jamu_items()}
    for item in medical:
        if item not in pools[item.kind]:
            pools[item.kind].append(item)
    return pools


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
        fields.update(permit_fields(rng, item))
        if item.kind == "jamu":
            spec.produced_days_ago = rng.randint(1, 28)
            spec.expires_in_days = rng.randint(*item.shelf_life)
        specs.append(spec)
    return specs
