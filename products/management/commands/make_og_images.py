"""Make the 1200×630 link-preview picture of every photo uploaded before it existed (idempotent)."""

from django.core.management.base import BaseCommand

from products.services import product_image_make_og


class Command(BaseCommand):
    help = "Make the missing 1200×630 Open Graph pictures of product photos."

    def handle(self, *args, **options):
        made = product_image_make_og()
        self.stdout.write(f"{made} picture(s) made.")
