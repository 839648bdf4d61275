"""Abstract models every app may use."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Timestamped(models.Model):
    """When a row was created and last changed (set by Django, never typed)."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class RatingFigures(models.Model):
    """
    How many reviews gave 1…5 stars, kept as stored figures on what is reviewed (a product, a
    village) so that a page shows the average and the distribution without counting reviews.
    Changed only by the reviews services, in the same transaction as the review, with F().
    """

    rating_1 = models.PositiveIntegerField(_("ulasan bintang 1"), default=0, editable=False)
    rating_2 = models.PositiveIntegerField(_("ulasan bintang 2"), default=0, editable=False)
    rating_3 = models.PositiveIntegerField(_("ulasan bintang 3"), default=0, editable=False)
    rating_4 = models.PositiveIntegerField(_("ulasan bintang 4"), default=0, editable=False)
    rating_5 = models.PositiveIntegerField(_("ulasan bintang 5"), default=0, editable=False)

    class Meta:
        abstract = True

    @property
    def rating_count(self) -> int:
        return self.rating_1 + self.rating_2 + self.rating_3 + self.rating_4 + self.rating_5

    @property
    def rating_average(self) -> float | None:
        """The mean of the stars, to one decimal (None without reviews)."""
        count = self.rating_count
        if not count:
            return None
        total = self.rating_1 + 2 * self.rating_2 + 3 * self.rating_3 + 4 * self.rating_4 + 5 * self.rating_5
        return round(total / count, 1)

    @property
    def rating_distribution(self) -> list[tuple[int, int, int]]:
        """(stars, count, percent of all reviews) from 5 down to 1."""
        count = self.rating_count or 1
        return [
            (stars, n, round(100 * n / count))
            for stars, n in (
                (5, self.rating_5),
                (4, self.rating_4),
                (3, self.rating_3),
                (2, self.rating_2),
                (1, self.rating_1),
            )
        ]
