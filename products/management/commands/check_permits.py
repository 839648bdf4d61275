"""
`manage.py check_permits [--apply]`: listings whose stored permit numbers are no longer valid.

Without --apply it only reports. With --apply, valid numbers are rewritten in their canonical form,
and a published listing that breaks its category's rules (an invalid or missing number, no dates,
no halal certificate) goes back to draft; its maker (or her ketua) is told what to fix, once.
"""

from django.core.management.base import BaseCommand

from products.services import products_review_permits


class Command(BaseCommand):
    help = "Report (and with --apply, correct) listings whose permit numbers are not valid."

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Rewrite valid numbers; take rule-breaking listings off sale and tell their makers.",
        )

    def handle(self, *args, apply=False, **options):
        reviews = products_review_permits(apply=apply)
        for review in reviews:
            product = review.product
            self.stdout.write(
                f"#{product.pk} {product.name} ({product.shop.name}, {product.get_status_display()})"
            )
            for field, value in review.normalised.items():
                self.stdout.write(f"  {field}: {'ditulis ulang' if apply else 'akan ditulis'} {value!r}")
            for field, message in review.invalid.items():
                self.stdout.write(f"  {field}: TIDAK SAH {getattr(product, field)!r}: {message}")
            for message in review.problems:
                self.stdout.write(f"  aturan terbit: {message}")
            if review.withdrawn:
                self.stdout.write("  → ditarik ke draf; pembuatnya diberi tahu")
        withdrawn = sum(r.withdrawn for r in reviews)
        summary = f"{len(reviews)} produk perlu perhatian; {withdrawn} ditarik dari katalog."
        if not apply:
            summary += " (Hanya laporan: jalankan dengan --apply untuk memperbaiki.)"
        self.stdout.write(self.style.SUCCESS(summary) if not reviews else self.style.WARNING(summary))
