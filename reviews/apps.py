from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Ulasan")

    def ready(self):
        from products import detail_hooks

        from . import notifications, selectors

        notifications.register()

        # The product page shows the newest reviews (one query) beside its stored rating figures.
        detail_hooks.register(
            "reviews", lambda product: selectors.review_snippets_for_product(product=product)
        )
