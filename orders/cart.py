"""
The cart lives in the session: {product id: quantity}.

Sessions are stored in the database, so the cart survives a Redis outage, and Django keeps the
session's data when an anonymous buyer logs in (it only changes the session key).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from products.models import Product

SESSION_KEY = "cart"


@dataclass
class CartLine:
    product: Product
    quantity: int
    problem: str = ""  # why this line cannot be ordered as it is

    @property
    def line_total(self) -> int:
        return self.product.price * self.quantity


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
        self.items: dict[int, int] = {}
        for key, quantity in raw.items():
            if str(key).isdigit() and isinstance(quantity, int) and quantity > 0:
                self.items[int(key)] = quantity

    def __len__(self):
        return sum(self.items.values())

    def save(self):
        self.session[SESSION_KEY] = {str(pk): qty for pk, qty in self.items.items()}
        self.session.modified = True

    def add(self, product: Product, quantity: int) -> str:
        """Add up to what is in stock; returns a message when less than asked was added."""
        wanted = self.items.get(product.pk, 0) + quantity
        allowed = min(wanted, product.stock, settings.CART_MAX_QUANTITY)
        if allowed <= 0:
            return _("Maaf, stok %(name)s habis.") % {"name": product.name}
        self.items[product.pk] = allowed
        self.save()
        if allowed < wanted:
            return _("Stok %(name)s tinggal %(n)d, jadi keranjang berisi %(n)d.") % {
                "name": product.name,
                "n": allowed,
            }
        return ""

    def set(self, product_id: int, quantity: int) -> None:
        if quantity <= 0:
            self.items.pop(product_id, None)
        else:
            self.items[product_id] = min(quantity, settings.CART_MAX_QUANTITY)
        self.save()

    def remove(self, product_ids) -> None:
        for pk in product_ids:
            self.items.pop(pk, None)
        self.save()

    def groups(self) -> list[ShopGroup]:
        """The cart's lines grouped by village (one query), each line flagged if it cannot be bought."""
        if not self.items:
            return []
        products = (
            Product.objects.select_related("shop", "made_by")
            .filter(pk__in=self.items)
            .order_by("shop__name", "name")
        )
        groups: dict[int, ShopGroup] = {}
        seen = set()
        for product in products:
            seen.add(product.pk)
            line = CartLine(product, self.items[product.pk])
            if product.is_expired:
                line.problem = _("Sudah lewat tanggal kedaluwarsa, tidak bisa dipesan.")
            elif not product.is_public:
                line.problem = _("Produk ini sudah tidak dijual.")
            elif product.stock == 0:
                line.problem = _("Stok habis.")
            elif product.stock < line.quantity:
                line.problem = _("Stok tinggal %(n)d.") % {"n": product.stock}
            groups.setdefault(product.shop_id, ShopGroup(product.shop)).lines.append(line)
        vanished = set(self.items) - seen
        if vanished:
            self.remove(vanished)
        return list(groups.values())
