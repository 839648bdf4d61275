"""Products' part of a member's data (UU PDP), registered with core.personal_data in ready()."""

from django.utils import timezone

from .models import Product


def _iso(value):
    return value.isoformat() if value is not None else None


def export(user) -> list[dict]:
    """The products she made, with every field a member fills in and her photos' addresses."""
    products = (
        Product.objects.filter(made_by__user=user)
        .select_related("shop", "category")
        .prefetch_related("images")
        .order_by("pk")
    )
    return [
        {
            "name": p.name,
            "slug": p.slug,
            "village": p.shop.name,
            "category": p.category.name,
            "description": p.description,
            "price": p.price,
            "stock": p.stock,
            "unit": p.unit,
            "weight_grams": p.weight_grams,
            "status": p.status,
            "pirt_number": p.pirt_number,
            "bpom_number": p.bpom_number,
            "halal_status": p.halal_status,
            "halal_number": p.halal_number,
            "kemenkes_permit": p.kemenkes_permit,
            "material": p.material,
            "size": p.size,
            "production_date": _iso(p.production_date),
            "expiry_date": _iso(p.expiry_date),
            "photos": [image.image.url for image in p.images.all()],
            "created_at": _iso(p.created_at),
            "updated_at": _iso(p.updated_at),
            "published_at": _iso(p.published_at),
        }
        for p in products
    ]


def erase(user) -> None:
    """Her products leave the catalog (archived); their orders keep them as they were sold."""
    Product.objects.filter(made_by__user=user).exclude(status=Product.Status.ARCHIVED).update(
        status=Product.Status.ARCHIVED, updated_at=timezone.now()
    )
