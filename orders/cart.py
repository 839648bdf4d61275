"""
The cart lives in the session: {line key: quantity}, a key being "12" for product 12 sold as itself
or "12-34" for its variant 34 (issue #16). In memory a key is 12 or (12, 34) (see line_key).

Sessions are stored in the database, so the cart survives a Redis outage, and Django keeps the
session's data when an anonymous buyer logs in (it only changes the session key).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from products.models import Product, ProductVariant

SESSION_KEY = "cart"

LineKey = int | tuple[int, int]


def line_key(product_id: int, variant_id: int | None = None) -> LineKey:
    return (product_id, variant_id) if variant_id else product_id


def key_product_id(key: LineKey) -> int:
    return key[0] if isinstance(key, tuple) else key


def key_text(key: LineKey) -> str:
    """The key as the session and the cart form write it: "12" or "12-34"."""
    return f"{key[0]}-{key[1]}" if isinstance(key, tuple) else str(key)


def parse_key(text: str) -> LineKey | None:
    product, _sep, variant = str(text).partition("-")
    if not (product.isascii() and product.isdigit() and len(product) <= 12):
        return None
    if not variant:
        return int(product)
    if not (variant.isascii() and variant.isdigit() and len(variant) <= 12):
        return None
    return (int(product), int(variant))


@dataclass
class CartLine:
    product: Product
    quantity: int
    problem: str = ""  # why this line cannot be ordered as it is
    variant: ProductVariant | None = None

    @property
    def key(self) -> LineKey:
        return line_key(self.product.pk, self.variant.pk if self.variant else None)

    @property
    def key_text(self) -> str:
        return key_text(self.key)

    @property
    def price(self) -> int:
        return self.variant.price if self.variant else self.product.price

    @property
    def stock(self) -> int:
        return self.variant.stock if self.variant else self.product.stock

    @property
    def label(self) -> str:
        return self.variant.label if self.variant else ""

    @property
    def line_total(self) -> int:
        return self.price * self.quantity


@dataclass
class ShopGroup:
    shop: object
    lines: list[CartLine] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines if not line.problem)


class Cart:
    def __init__(self, session):
        self.session = session
        raw = session.get(SESSION_KEY) or {}
        self.items: dict[LineKey, int] = {}
        for text, quantity in raw.items():
            key = parse_key(text)
            if key is not None and isinstance(quantity, int) and quantity > 0:
                self.items[key] = quantity

    def __len__(self):
        return sum(self.items.values())

    def save(self):
        self.session[SESSION_KEY] = {key_text(key): qty for key, qty in self.items.items()}
        self.session.modified = True

    def add(self, product: Product, quantity: int, variant: ProductVariant | None = None) -> str:
        """Add up to what is in stock; returns a message when less than asked was added."""
        key = line_key(product.pk, variant.pk if variant else None)
        name = f"{product.name} ({variant.label})" if variant else product.name
        wanted = self.items.get(key, 0) + quantity
        allowed = min(wanted, variant.stock if variant else product.stock, settings.CART_MAX_QUANTITY)
        if allowed <= 0:
            return _("Maaf, stok %(name)s habis.") % {"name": name}
        self.items[key] = allowed
        self.save()
        if allowed < wanted:
            return _("Stok %(name)s tinggal %(n)d, jadi keranjang berisi %(n)d.") % {
                "name": name,
                "n": allowed,
            }
        return ""

    def set(self, key: LineKey, quantity: int) -> None:
        if quantity <= 0:
            self.items.pop(key, None)
        else:
            self.items[key] = min(quantity, settings.CART_MAX_QUANTITY)
        self.save()

    def remove(self, keys) -> None:
        for key in keys:
            self.items.pop(key, None)
        self.save()

    def remove_products(self, product_ids) -> None:
        """Remove every line of these products, whatever the variant."""
        product_ids = set(product_ids)
        self.remove([key for key in self.items if key_product_id(key) in product_ids])

    def groups(self) -> list[ShopGroup]:
        """The cart's lines grouped by village (one query), each line flagged if it cannot be bought."""
        if not self.items:
            return []
        products = (
            Product.objects.select_related("shop", "made_by")
            .filter(pk__in={key_product_id(key) for key in self.items})
            .order_by("shop__name", "name")
        )
        variant_ids = [key[1] for key in self.items if isinstance(key, tuple)]
        # One more query, only for a cart holding sizes.
        variants = ProductVariant.objects.in_bulk(variant_ids) if variant_ids else {}
        keys_of: dict[int, list[LineKey]] = {}
        for key in sorted(self.items, key=key_text):
            keys_of.setdefault(key_product_id(key), []).append(key)
        groups: dict[int, ShopGroup] = {}
        seen = set()
        for product in products:
            for key in keys_of[product.pk]:
                variant = variants.get(key[1]) if isinstance(key, tuple) else None
                if isinstance(key, tuple) and (variant is None or variant.product_id != product.pk):
                    continue  # a size removed since: dropped below like a vanished product
                seen.add(key)
                line = CartLine(product, self.items[key], variant=variant)
                if variant is None and product.has_variants:
                    # Sizes were added since she put it in the cart: she picks one on its page.
                    line.problem = _("Sekarang ada pilihan %(option)s: pilih dulu di halaman produk.") % {
                        "option": product.option1_name.lower()
                    }
                elif product.is_expired:
                    line.problem = _("Sudah lewat tanggal kedaluwarsa, tidak bisa dipesan.")
                elif not product.is_public:
                    line.problem = _("Produk ini sudah tidak dijual.")
                elif line.stock == 0:
                    line.problem = _("Stok habis.")
                elif line.stock < line.quantity:
                    line.problem = _("Stok tinggal %(n)d.") % {"n": line.stock}
                groups.setdefault(product.shop_id, ShopGroup(product.shop)).lines.append(line)
        vanished = set(self.items) - seen
        if vanished:
            self.remove(vanished)
        return list(groups.values())
