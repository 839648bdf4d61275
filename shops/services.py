"""Writes on villages: the delivery and payment options, contact and story a ketua configures."""

import json
import re

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import is_staff_with
from core.concurrency import merge_edits, snapshot
from core.images import process_upload
from core.phone import normalise_phone

from .access import is_ketua_of
from .models import Shop

# What the ketua may change from her dashboard (staff change the rest in the admin).
DELIVERY_FIELDS = (
    "offers_pickup",
    "pickup_address",
    "offers_local_delivery",
    "local_delivery_fee",
    "local_delivery_area",
    "offers_courier",
    "courier_fee_jember",
    "courier_fee_jatim",
    "courier_fee_jawa",
    "courier_fee_luar_jawa",
)
PAYMENT_FIELDS = (
    "accepts_transfer",
    "bank_name",
    "bank_account_number",
    "bank_account_name",
    "accepts_cod",
    "accepts_qris",
)
SETTINGS_FIELDS = (*DELIVERY_FIELDS, *PAYMENT_FIELDS, "whatsapp", "story")
BOOLEAN_FIELDS = {
    "offers_pickup",
    "offers_local_delivery",
    "offers_courier",
    "accepts_transfer",
    "accepts_cod",
    "accepts_qris",
}
FEE_FIELDS = (
    "local_delivery_fee",
    "courier_fee_jember",
    "courier_fee_jatim",
    "courier_fee_jawa",
    "courier_fee_luar_jawa",
)
MAX_FEE = 10_000_000
BANK_FIELDS = {
    "bank_name": gettext_lazy("Tulis nama bank, misalnya BRI."),
    "bank_account_number": gettext_lazy("Tulis nomor rekening desa."),
    "bank_account_name": gettext_lazy("Tulis nama pemilik rekening (atas nama)."),
}
# Digits with the separators banks print (BRI: 0123-01-000123-50-1).
_ACCOUNT_NUMBER_RE = re.compile(r"^[0-9][0-9 .\-]{3,28}[0-9]$")


def _check_authority(*, shop: Shop, by) -> None:
    """The approved ketua of this village, or staff who may change villages; PermissionDenied otherwise."""
    if by is None or not by.is_authenticated or not by.is_active:
        raise PermissionDenied
    if is_staff_with(by, "shops.change_shop"):
        return
    if not is_ketua_of(by, shop):
        raise PermissionDenied


def shop_settings_errors(values: dict) -> dict[str, list[ValidationError]]:
    """
    What is wrong with a village's complete settings `values`, keyed by field ({} when all is well).

    Shared with the admin's form, so staff and ketua are held to the same rules.
    """
    errors: dict[str, list[ValidationError]] = {}

    def add(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    for name in FEE_FIELDS:
        fee = values.get(name)
        if not isinstance(fee, int) or isinstance(fee, bool) or not 0 <= fee <= MAX_FEE:
            add(name, _("Tulis ongkos dalam rupiah bulat, 0 atau lebih, misalnya 10.000."), "invalid_fee")

    deliveries = [values.get(n) for n in ("offers_pickup", "offers_local_delivery", "offers_courier")]
    if not any(deliveries):
        add(
            NON_FIELD_ERRORS,
            _("Pilih minimal satu cara pengiriman: ambil di desa, antar lokal, atau kurir."),
            "no_delivery",
        )

    if values.get("accepts_transfer"):
        for name, message in BANK_FIELDS.items():
            if not (values.get(name) or "").strip():
                add(name, message, "required_for_transfer")
        number = (values.get("bank_account_number") or "").strip()
        if number and not _ACCOUNT_NUMBER_RE.match(number):
            add(
                "bank_account_number",
                _("Nomor rekening hanya berisi angka (boleh dengan titik, strip atau spasi)."),
                "invalid_account_number",
            )
    if values.get("accepts_qris") and not values.get("qris_image"):
        add("qris_image", _("Unggah gambar QRIS desa untuk menerima pembayaran QRIS."), "qris_image_required")

    payments = [values.get(n) for n in ("accepts_transfer", "accepts_cod", "accepts_qris")]
    if not any(payments):
        add(
            NON_FIELD_ERRORS,
            _("Pilih minimal satu cara pembayaran: transfer bank, bayar di tempat (COD), atau QRIS."),
            "no_payment",
        )
    elif (
        any(deliveries)
        and not values.get("accepts_transfer")
        and not values.get("accepts_qris")
        and not values.get("offers_pickup")
        and not values.get("offers_local_delivery")
    ):
        # COD only travels with pickup or local delivery: a courier-only village would sell nothing.
        add(
            NON_FIELD_ERRORS,
            _(
                "Bayar di tempat (COD) hanya untuk ambil di desa atau antar lokal. "
                "Untuk kurir, terima juga transfer atau QRIS."
            ),
            "cod_needs_local",
        )
    return errors


def shop_seen(shop: Shop) -> str:
    """The settings as a form shows them, for its hidden "seen" field (core.concurrency)."""
    return json.dumps(snapshot(shop, SETTINGS_FIELDS))


def _changed_meanwhile(conflicts) -> ValidationError:
    errors = {}
    for name, _seen, now in conflicts:
        shown = {"True": _("dicentang"), "False": _("tidak dicentang")}.get(now, now) or "—"
        errors[name] = ValidationError(
            _(
                "Sementara Anda mengisi, isian ini diubah menjadi “%(now)s”. Isian Anda masih di sini: "
                "periksa lalu simpan lagi."
            )
            % {"now": shown},
            code="changed_meanwhile",
        )
    return ValidationError(errors)


def shop_update_settings(*, shop: Shop, by, seen: dict[str, str] | None = None, **fields) -> Shop:
    """
    Change a village's delivery and payment options, WhatsApp number and story.

    `fields` are names of SETTINGS_FIELDS, plus `qris_image`: an uploaded file, checked and
    re-encoded like every photo. Fields not given keep their value.
    Raises PermissionDenied unless `by` is the village's approved ketua or staff allowed to change
    villages; ValidationError keyed by field (nothing saved) for no delivery or payment option,
    transfer without bank details, a fee that is not whole rupiah ≥ 0, QRIS without an image,
    a bad image or phone number. Locks the village's row (the same lock order numbering takes).
    `seen`: the settings as her form showed them; then only what she changed is written, and a
    field someone else changed meanwhile too is a ValidationError (code changed_meanwhile).
    """
    unknown = set(fields) - set(SETTINGS_FIELDS) - {"qris_image"}
    if unknown:
        raise TypeError(f"shop_update_settings() got unknown fields: {sorted(unknown)}")
    _check_authority(shop=shop, by=by)
    upload = fields.pop("qris_image", None)

    errors: dict[str, list[ValidationError]] = {}
    cleaned = {}
    for name, value in fields.items():
        if name in BOOLEAN_FIELDS:
            cleaned[name] = bool(value)
        elif name in FEE_FIELDS:
            cleaned[name] = value
        elif name == "whatsapp":
            try:
                cleaned[name] = normalise_phone(value) if (value or "").strip() else ""
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.error_list)
        else:
            cleaned[name] = (value or "").strip()
            limit = Shop._meta.get_field(name).max_length
            if limit and len(cleaned[name]) > limit:
                errors.setdefault(name, []).append(
                    ValidationError(
                        _("Terlalu panjang (paling banyak %(limit)d huruf).") % {"limit": limit},
                        code="too_long",
                    )
                )

    processed = None
    if upload is not None:
        try:
            processed = process_upload(upload, thumb_sizes=())
        except ValidationError as exc:
            errors.setdefault("qris_image", []).extend(exc.error_list)

    merged = {name: getattr(shop, name) for name in SETTINGS_FIELDS}
    merged.update(cleaned)
    # A rejected upload must not also be reported as "no QRIS image": one message per problem.
    merged["qris_image"] = bool(shop.qris_image) or processed is not None or "qris_image" in errors
    for name, messages in shop_settings_errors(merged).items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        # Re-read under the lock and save only these fields: a stale `shop` must never write back
        # what someone else changed meanwhile.
        locked = Shop.objects.select_for_update().get(pk=shop.pk)
        if seen is not None:
            cleaned, conflicts = merge_edits(snapshot(locked, SETTINGS_FIELDS), cleaned, seen)
            if conflicts:
                raise _changed_meanwhile(conflicts)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        update_fields = [*cleaned, "updated_at"]
        if processed is not None:
            old = locked.qris_image.name
            locked.qris_image.save(processed.original.name, processed.original, save=False)
            update_fields.append("qris_image")
            if old:
                storage = locked.qris_image.storage
                transaction.on_commit(lambda: storage.delete(old))
        # save(): the post_save signal invalidates the cached village list.
        locked.save(update_fields=update_fields)
    return locked
