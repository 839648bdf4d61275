"""The seller dashboard for products (/dasbor/produk/): thin views over services and selectors."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.http import get_or_404, redirect_next
from members.access import draft_maker_required

from . import services
from .exceptions import ProductChangedMeanwhile, ProductNotPublishable
from .forms import MAX_VARIANTS, ProductForm, StockForm, VariantFormSet, VariantOptionsForm
from .models import Product, ProductVariant
from .selectors import (
    category_list,
    maker_list_for_member,
    product_get_for_member,
    product_list_for_member,
    staged_photos_for_member,
)

STATUS_TABS = [
    ("", gettext_lazy("Aktif")),
    (Product.Status.DRAFT, gettext_lazy("Draf")),
    (Product.Status.PUBLISHED, gettext_lazy("Terbit")),
    (Product.Status.ARCHIVED, gettext_lazy("Arsip")),
]


# The product form keeps a draft on the phone (static/js/product-draft.js), under a key of the
# account and the form's address. After a save, the product list names that key once, for the
# script to remove the draft.
DRAFT_SAVED = "product_draft_saved"


def _draft_key(request, path: str) -> str:
    return f"desbumi-draf:{request.user.pk}:{path}"


def _get_product(request, pk):
    return get_or_404(product_get_for_member, member=request.member, pk=pk)


@draft_maker_required
def dashboard(request):
    status = request.GET.get("status", "")
    if status not in Product.Status.values:
        status = ""
    page = Paginator(product_list_for_member(member=request.member, status=status or None), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "products/dashboard/product_list.html",
        {
            "dash_section": "products",
            "draft_saved": request.session.pop(DRAFT_SAVED, ""),
            "page": page,
            "products": page.object_list,
            "status": status,
            "tabs": [(value, str(label)) for value, label in STATUS_TABS],
            "query_without_page": f"status={status}" if status else "",
        },
    )


def _photo_ids(post) -> list[int]:
    """The photos the form lists, in the order their `urutan_<id>` fields give, minus removed ones."""
    ids = []
    for raw in post.getlist("photo"):
        if raw.isdigit() and int(raw) not in ids:
            ids.append(int(raw))
    removed = {int(raw) for raw in post.getlist("hapus_foto") if raw.isdigit()}

    def order(pk):
        raw = post.get(f"urutan_{pk}", "")
        return int(raw) if raw.isdigit() else 1000 + ids.index(pk)

    return sorted((pk for pk in ids if pk not in removed), key=order)


def _stage_uploads(request) -> tuple[list[int], list[str]]:
    """Stage every uploaded file (no-JavaScript form); keep the good ones, collect the messages."""
    ids, errors = [], []
    for uploaded in request.FILES.getlist("photos")[: services.MAX_PHOTOS]:
        try:
            ids.append(services.photo_stage(member=request.member, uploaded=uploaded).pk)
        except ValidationError as error:
            errors.append(_("%(name)s: %(message)s") % {"name": uploaded.name, "message": error.messages[0]})
    return ids, errors


def _refuse_too_many_photos(request, form, photos):
    """More photos than a product may have: say so, never drop some silently."""
    unsent = [uploaded.name for uploaded in request.FILES.getlist("photos")[services.MAX_PHOTOS :]]
    if unsent:
        form.add_error(
            "photos",
            ValidationError(
                _("Foto ini tidak tersimpan karena paling banyak %(max)d foto per produk: %(names)s.")
                % {"max": services.MAX_PHOTOS, "names": ", ".join(unsent)},
                code="too_many_photos",
            ),
        )
    if len(photos) > services.MAX_PHOTOS:
        form.add_error(
            "photos",
            ValidationError(
                _("Ada %(n)d foto, paling banyak %(max)d. Hapus %(extra)d foto, lalu simpan lagi.")
                % {"n": len(photos), "max": services.MAX_PHOTOS, "extra": len(photos) - services.MAX_PHOTOS},
                code="too_many_photos",
            ),
        )


def _product_form(request, product=None):
    """The add/edit form; `product` is None for a new one."""
    member = request.member
    form_kwargs = {
        "member": member,
        "categories": category_list(),
        "makers": maker_list_for_member(member=member) if member.is_ketua else None,
        "instance": product,
    }
    if request.method != "POST":
        photos = list(product.images.all()) if product is not None else []
        initial = {"seen": json.dumps(services.product_snapshot(product))} if product is not None else {}
        options, variant_forms = _variant_forms(product, photos)
        form = ProductForm(initial=initial, sized=bool(variant_forms.initial), **form_kwargs)
        return _render_form(request, form, product, photos, options=options, variant_forms=variant_forms)

    data = request.POST
    # A form without the sizes part (sent by a page from before sizes, or a script) leaves them as they are.
    sizes_posted = "ukuran-TOTAL_FORMS" in data
    if not sizes_posted:
        data = data.copy()
        data.update({"ukuran-TOTAL_FORMS": "0", "ukuran-INITIAL_FORMS": "0"})
    adding = data.get("action") == "add_variant"
    if adding:
        # "Tambah ukuran" without JavaScript: the same form again with one more empty row,
        # everything typed kept (photos included: staged below), nothing saved, no errors shown.
        data = data.copy()
        total = data.get("ukuran-TOTAL_FORMS", "0")
        total = int(total) if total.isdigit() else 0
        data["ukuran-TOTAL_FORMS"] = str(min(total + 1, MAX_VARIANTS))
        data.setdefault("ukuran-INITIAL_FORMS", "0")
        if not data.get("pilihan-option1_name", "").strip():
            data["pilihan-option1_name"] = _("Ukuran")
    sized = _posted_sized(data) if sizes_posted else (product is not None and product.has_variants)
    form = ProductForm(data, sized=sized, **form_kwargs)
    options = VariantOptionsForm(data, prefix="pilihan")
    new_ids, upload_errors = _stage_uploads(request)
    photos = staged_photos_for_member(member=member, ids=_photo_ids(data) + new_ids, product=product)
    variant_forms = VariantFormSet(data, prefix="ukuran", form_kwargs={"photos": photos})
    if adding:
        for shown in (form, options, *variant_forms.forms):
            shown._errors = ErrorDict()  # shown as typed, not yet checked
        variant_forms._errors, variant_forms._non_form_errors = [], variant_forms.error_class()
        for message in upload_errors:
            form.add_error("photos", ValidationError(message, code="bad_photo"))
        return _render_form(request, form, product, photos, options=options, variant_forms=variant_forms)
    for message in upload_errors:
        form.add_error("photos", ValidationError(message, code="bad_photo"))
    _refuse_too_many_photos(request, form, photos)
    publish = data.get("action") == "publish"
    valid = form.is_valid() & options.is_valid() & variant_forms.is_valid()
    if valid and sizes_posted and sized and not variant_forms.filled():
        # Every size marked Hapus: sold as one again, so it needs its own price and stock.
        form.add_error("price", ValidationError(_("Tulis harga produk."), code="required"))
        valid = False
    if not valid:
        return _render_form(
            request, form, product, photos, status=400, options=options, variant_forms=variant_forms
        )

    fields = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.cleaned_data}
    second = bool(options.cleaned_data["option2_name"].strip())
    rows = [
        services.VariantRow(
            option1=row.cleaned_data["option1"].strip(),
            option2=(row.cleaned_data["option2"] or "").strip() if second else "",
            price=row.cleaned_data["price"],
            # Unchanged since shown: not written, so sales meanwhile stay taken.
            stock=None
            if row.cleaned_data["id"] and row.cleaned_data["stock"] == row.cleaned_data["seen_stock"]
            else row.cleaned_data["stock"],
            id=row.cleaned_data["id"],
            image_id=row.cleaned_data["image"],
        )
        for row in variant_forms.filled()
    ]
    if len({(row.option1.lower(), row.option2.lower()) for row in rows}) != len(rows):
        # Rows that differ only in a second option she has since cleared.
        form.add_error(None, ValidationError(_("Ada ukuran yang sama di dua baris."), code="duplicate"))
        return _render_form(
            request, form, product, photos, status=400, options=options, variant_forms=variant_forms
        )
    try:
        saved = services.product_save(
            member=member,
            product=product,
            fields=fields,
            photo_ids=[p.pk for p in photos],
            publish=publish,
            seen=form.cleaned_data["seen"],
            variants=(options.cleaned_data["option1_name"], options.cleaned_data["option2_name"], rows)
            if sizes_posted and (sized or (product is not None and product.has_variants))
            else None,
        )
    except ProductChangedMeanwhile as error:
        _explain_changes(form, error)
        return _render_form(
            request, form, product, photos, status=409, options=options, variant_forms=variant_forms
        )
    except ProductNotPublishable as error:
        # Nothing was saved; each problem goes next to the field that fixes it, the rest stays typed.
        # A photo refused above already has its message beside the photos.
        for problem in error.problems:
            if not (upload_errors and "photos" in problem.error_dict):
                form.add_error(None, problem)
        return _render_form(
            request, form, product, photos, status=400, options=options, variant_forms=variant_forms
        )
    if publish:
        messages.success(request, _("“%(name)s” sudah terbit di katalog.") % {"name": saved.name})
    else:
        messages.success(request, _("“%(name)s” disimpan sebagai draf.") % {"name": saved.name})
    request.session[DRAFT_SAVED] = _draft_key(request, request.path)
    return redirect("products:dashboard")


def _variant_forms(product, photos=()):
    """The sizes part of the form as shown before any POST: the product's sizes, or none."""
    variants = list(product.variants.all()) if product is not None and product.has_variants else []
    options = VariantOptionsForm(
        prefix="pilihan",
        initial={
            "option1_name": product.option1_name if product is not None else "",
            "option2_name": product.option2_name if product is not None else "",
        },
    )
    variant_forms = VariantFormSet(
        prefix="ukuran",
        form_kwargs={"photos": photos},
        initial=[
            {
                "id": v.pk,
                "option1": v.option1,
                "option2": v.option2,
                "price": v.price,
                "stock": v.stock,
                "seen_stock": v.stock,
                "image": v.image_id,
            }
            for v in variants
        ],
    )
    return options, variant_forms


def _posted_sized(data) -> bool:
    """Whether the posted form gives sizes: an option name and at least one row with a value."""
    if not data.get("pilihan-option1_name", "").strip():
        return False
    total = data.get("ukuran-TOTAL_FORMS", "0")
    total = min(int(total), MAX_VARIANTS) if total.isdigit() else 0
    return any(
        data.get(f"ukuran-{i}-option1", "").strip() and not data.get(f"ukuran-{i}-DELETE")
        for i in range(total)
    )


def _explain_changes(form, error):
    """Say beside each field what it says now; keep what she typed; the next save may overwrite."""
    for name, _seen, now in error.changes:
        field = form.fields.get(name)
        shown = now
        if field is not None and hasattr(field, "choices"):
            shown = dict((str(k), v) for k, v in field.choices).get(now, now)
        form.add_error(
            name if field is not None else None,
            ValidationError(
                _(
                    "Sementara Anda mengisi, isian ini diubah menjadi “%(now)s”. Isian Anda masih di sini: "
                    "periksa lalu simpan lagi."
                )
                % {"now": shown or "—"},
                code="changed_meanwhile",
            ),
        )
    form.data = form.data.copy()
    form.data["seen"] = json.dumps(error.snapshot)


def _render_form(request, form, product, photos, status=200, options=None, variant_forms=None):
    if options is None:
        options, variant_forms = _variant_forms(product, photos)
    return render(
        request,
        "products/dashboard/product_form.html",
        {
            "dash_section": "products",
            "form": form,
            "options": options,
            "variant_forms": variant_forms,
            "sized": form.sized,
            "option2_shown": bool((options["option2_name"].value() or "").strip()),
            "product": product,
            "photos": photos,
            "category_kinds": form.category_kinds,
            "max_photos": services.MAX_PHOTOS,
            "draft_key": _draft_key(request, request.path),
        },
        status=status,
    )


@draft_maker_required
def product_new(request):
    return _product_form(request)


@draft_maker_required
def product_edit(request, pk):
    return _product_form(request, _get_product(request, pk))


@draft_maker_required
@require_POST
def product_action(request, pk, action):
    product = _get_product(request, pk)
    if action == "terbitkan":
        try:
            services.product_publish(product=product, by=request.member)
        except ProductNotPublishable as error:
            messages.error(request, str(error))
            return redirect("products:dashboard_edit", pk=product.pk)
        messages.success(request, _("“%(name)s” sudah terbit di katalog.") % {"name": product.name})
    elif action == "sembunyikan":
        services.product_unpublish(product=product, by=request.member)
        messages.success(request, _("“%(name)s” disembunyikan dari katalog.") % {"name": product.name})
    elif action == "arsipkan":
        services.product_archive(product=product, by=request.member)
        messages.success(request, _("“%(name)s” diarsipkan.") % {"name": product.name})
    elif action == "duplikat":
        copy = services.product_duplicate(product=product, by=request.member)
        messages.success(request, _("Salinan dibuat. Periksa lalu simpan."))
        return redirect("products:dashboard_edit", pk=copy.pk)
    else:
        raise Http404
    return redirect_next(request, "products:dashboard")


@draft_maker_required
@require_POST
def product_stock(request, pk):
    product = _get_product(request, pk)
    form = StockForm(request.POST)
    variant = None
    if product.has_variants:
        # A product sold in sizes is counted per size: the list posts the size's id with its stock.
        raw = request.POST.get("variant", "")
        variant = ProductVariant.objects.filter(product=product, pk=raw).first() if raw.isdigit() else None
        if variant is None:
            raise Http404
        variant.product = product
    name = f"{product.name} ({variant.label})" if variant else product.name
    if form.is_valid():
        if variant is not None:
            services.variant_set_stock(variant=variant, stock=form.cleaned_data["stock"], by=request.member)
        else:
            services.product_set_stock(product=product, stock=form.cleaned_data["stock"], by=request.member)
        messages.success(
            request,
            _("Stok “%(name)s” sekarang %(n)d.") % {"name": name, "n": form.cleaned_data["stock"]},
        )
    else:
        messages.error(
            request,
            _("Stok “%(name)s” tidak diubah: %(error)s")
            % {
                "name": name,
                "error": form.errors["stock"][0],
            },
        )
    return redirect("products:dashboard")


@draft_maker_required
@require_POST
def photo_upload(request):
    """Stage one photo sent by the form's script (already downscaled in the browser)."""
    uploaded = request.FILES.get("photo")
    if uploaded is None:
        return JsonResponse({"error": _("Tidak ada foto yang terkirim. Coba lagi.")}, status=400)
    try:
        image = services.photo_stage(member=request.member, uploaded=uploaded)
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    return JsonResponse({"id": image.pk, "thumb": image.thumb_320.url, "size": settings.IMAGE_THUMB_SIZES[0]})
