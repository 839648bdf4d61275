"""Accounts and member profiles."""

import secrets
from pathlib import PurePath

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.fields import PhoneNumberField, actor_field
from core.models import Timestamped


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in: a member, a buyer or Migrant CARE staff. Email is the login."""

    username = None
    email = models.EmailField(_("email"), unique=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.email


class MemberProfileQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=MemberProfile.Status.APPROVED)

    def for_shop(self, shop):
        return self.filter(shop=shop)

    def public(self):
        """Approved members who agreed to be shown publicly."""
        return self.approved().filter(consent_public_profile=True, shop__is_active=True)


def _member_photo_path(instance, filename):
    # The name is always ours (never the uploader's); only the extension of our own encoding is kept.
    extension = PurePath(filename).suffix.lower()
    return f"anggota/{secrets.token_hex(16)}{extension if extension in ('.jpg', '.webp') else '.jpg'}"


class MemberProfile(Timestamped):
    """A woman of a Desbumi village; she may have no account (registered by her ketua)."""

    class Role(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        ANGGOTA = "anggota", _("Anggota")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        SUSPENDED = "suspended", _("Dibekukan")
        # Her account was deleted at her request (UU PDP): the row stays, anonymised, for her products.
        DELETED = "deleted", _("Akun dihapus")

    user = models.OneToOneField(
        "members.User",
        verbose_name=_("akun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_profile",
    )
    shop = models.ForeignKey(
        "shops.Shop", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(_("peran"), max_length=10, choices=Role, default=Role.ANGGOTA)
    handles_orders = models.BooleanField(_("mengurus pesanan desa"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    display_name = models.CharField(_("nama tampilan"), max_length=80)
    # Random, not sequential: nobody may list all members by counting.
    slug = models.SlugField(_("alamat profil"), max_length=100, unique=True, editable=False)
    phone = PhoneNumberField(blank=True)
    photo = models.ImageField(_("foto"), upload_to=_member_photo_path, blank=True)
    story = models.TextField(
        _("cerita"),
        blank=True,
        max_length=1000,
        help_text=_("Misalnya: berapa tahun dan di negara mana dulu bekerja."),
    )
    consent_public_profile = models.BooleanField(
        _("tampilkan nama dan halaman profil untuk umum"), default=False
    )
    consent_show_photo = models.BooleanField(_("tampilkan foto untuk umum"), default=False)
    consent_show_story = models.BooleanField(_("tampilkan cerita untuk umum"), default=False)
    consent_show_phone = models.BooleanField(_("tampilkan nomor WhatsApp untuk umum"), default=False)
    requested_at = models.DateTimeField(_("permintaan bergabung dikirim"), null=True, blank=True)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = actor_field(_("diputuskan oleh"))
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True, max_length=500)

    objects = MemberProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil anggota")
        verbose_name_plural = _("profil anggota")
        ordering = ["display_name"]
        indexes = [models.Index(fields=["shop", "status"])]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.display_name)[:60] or "anggota"
            self.slug = f"{base}-{secrets.token_hex(4)}"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("products:member", kwargs={"slug": self.slug})

    @property
    def is_ketua(self):
        return self.role == self.Role.KETUA

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def public_name(self):
        """The name a visitor may see: hers only with her consent."""
        return self.display_name if self.consent_public_profile else None
