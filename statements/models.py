"""Bank statements a village imports, their credit lines, and the column layout each village uses."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import actor_field
from core.models import Timestamped
from core.storage import get_private_storage

from . import presets


class ColumnMapping(Timestamped):
    """How a village's statements are laid out: a bank's preset, or the columns she chose."""

    shop = models.OneToOneField("shops.Shop", on_delete=models.CASCADE, related_name="+")
    preset = models.CharField(_("bank"), max_length=10, choices=presets.CHOICES, default=presets.BCA)
    # For the "custom" preset: the header of each column as the file writes it.
    date_column = models.CharField(_("kolom tanggal"), max_length=60, blank=True)
    description_column = models.CharField(_("kolom keterangan"), max_length=60, blank=True)
    amount_column = models.CharField(_("kolom jumlah"), max_length=60, blank=True)
    marker_column = models.CharField(_("kolom CR/DB"), max_length=60, blank=True)
    credit_column = models.CharField(_("kolom kredit (uang masuk)"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("susunan kolom mutasi")
        verbose_name_plural = _("susunan kolom mutasi")

    def __str__(self):
        return f"{self.shop_id}: {self.preset}"

    @property
    def layout(self) -> presets.Layout:
        if self.preset in presets.PRESETS:
            return presets.PRESETS[self.preset]
        return presets.Layout(
            date=self.date_column,
            description=self.description_column,
            amount="" if self.credit_column else self.amount_column,
            marker="" if self.credit_column else self.marker_column,
            credit=self.credit_column,
        )


class StatementImport(models.Model):
    """One uploaded statement file: kept privately (it shows the account), recognised by its hash."""

    class State(models.TextChoices):
        NEEDS_MAPPING = "needs_mapping", _("Kolom belum cocok")
        READ = "read", _("Sudah dibaca")

    shop = models.ForeignKey("shops.Shop", verbose_name=_("desa"), on_delete=models.CASCADE, related_name="+")
    # Account numbers and every payment of the village: private storage, served only after a check.
    file = models.FileField(_("berkas"), upload_to="mutasi/", storage=get_private_storage)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = actor_field()
    state = models.CharField(max_length=20, choices=State, default=State.NEEDS_MAPPING)
    problem = models.CharField(_("masalah"), max_length=500, blank=True)
    # What the last reading found, for the page: lines new to the village, lines it knew already.
    new_lines = models.PositiveIntegerField(default=0)
    known_lines = models.PositiveIntegerField(default=0)
    debit_lines = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("impor mutasi")
        verbose_name_plural = _("impor mutasi")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same file uploaded again finds this import: nothing is read or confirmed twice.
            models.UniqueConstraint(fields=["shop", "sha256"], name="statementimport_file_once_per_shop"),
        ]

    def __str__(self):
        return self.original_name


class StatementLine(models.Model):
    """A credit of a statement, with what the matching found for it."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Cocok, menunggu konfirmasi")
        CONFIRMED = "confirmed", _("Dikonfirmasi")
        AMBIGUOUS = "ambiguous", _("Perlu dicek sendiri")
        UNMATCHED = "unmatched", _("Tidak ada pesanan")

    shop = models.ForeignKey("shops.Shop", on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(StatementImport, on_delete=models.CASCADE, related_name="lines")
    date = models.DateField(_("tanggal"))
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    amount = models.DecimalField(_("jumlah"), max_digits=16, decimal_places=2)
    # The same credit in a later (overlapping) statement has the same fingerprint: never a second row.
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(_("status"), max_length=20, choices=State)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("pesanan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = actor_field()

    class Meta:
        verbose_name = _("baris mutasi")
        verbose_name_plural = _("baris mutasi")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "fingerprint"], name="statementline_once_per_shop"),
            # One credit pays one order: no order is confirmed by two lines.
            models.UniqueConstraint(
                fields=["order"], condition=Q(state="confirmed"), name="statementline_order_confirmed_once"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.amount}"
