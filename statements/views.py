"""
The ketua's bank statement matching (/dasbor/mutasi/): upload, see the proposals, confirm them.

Staff use the same pages for any village. Another village's import is a 404 for a ketua.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import get_or_404
from core.storage import private_file_response
from shops.models import Shop

from . import selectors, services
from .access import statement_user_required
from .exceptions import StatementLineError
from .forms import MappingForm, UploadForm
from .models import StatementImport
from .reading import StatementError

CUSTOM_FIELDS = ("date_column", "description_column", "amount_column", "marker_column", "credit_column")
MAPPING_FIELDS = ("preset", *CUSTOM_FIELDS)


def _mapping_initial(shop) -> dict:
    mapping = services.mapping_for(shop=shop)
    return {name: getattr(mapping, name) for name in MAPPING_FIELDS}


def _get_statement(request, pk) -> StatementImport:
    return get_or_404(selectors.statement_get, pk=pk, shop=request.village)


def _staff_village(request):
    slug = request.POST.get("shop") or request.GET.get("desa")
    return Shop.objects.active().filter(slug=slug).first() if slug else None


@statement_user_required
def statement_list(request):
    staff = request.village is None
    shop = request.village or _staff_village(request)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, staff=staff)
        if form.is_valid():
            shop = request.village or form.cleaned_data["shop"]
            services.mapping_save(shop=shop, data=form.cleaned_data)
            upload = form.cleaned_data["file"]
            try:
                statement, created = services.statement_import(
                    shop=shop, filename=upload.name, content=form.content, by=request.user
                )
            except StatementError as error:
                form.add_error("file", str(error))
            else:
                if not created:
                    messages.info(
                        request, _("Berkas ini sudah pernah diimpor. Tidak ada yang dikonfirmasi dua kali.")
                    )
                return redirect("statements:detail", pk=statement.pk)
        messages.error(request, _("Mutasi belum diimpor. Lihat pesan merah di bawah."))
        status = 400
    else:
        initial = _mapping_initial(shop) if shop else {}
        if staff and shop:
            initial["shop"] = shop.slug
        form = UploadForm(initial=initial, staff=staff)
        status = 200
    return render(
        request,
        "statements/statement_list.html",
        {
            "dash_section": "statements",
            "form": form,
            "shop": shop,
            "statements": selectors.statement_list(shop=shop) if shop else [],
            "custom_fields": CUSTOM_FIELDS,
        },
        status=status,
    )


def _render_detail(request, statement, *, mapping_form=None, status=200):
    if mapping_form is None and statement.state == StatementImport.State.NEEDS_MAPPING:
        mapping_form = MappingForm(initial=_mapping_initial(statement.shop))
    lines = selectors.statement_lines(statement=statement)
    return render(
        request,
        "statements/statement_detail.html",
        {
            "dash_section": "statements",
            "statement": statement,
            "mapping_form": mapping_form,
            "proposed": lines["proposed"],
            "confirmed": lines["confirmed"],
            "ambiguous": lines["ambiguous"],
            "unmatched": lines["unmatched"],
            "custom_fields": CUSTOM_FIELDS,
        },
        status=status,
    )


@statement_user_required
def statement_detail(request, pk):
    return _render_detail(request, _get_statement(request, pk))


@statement_user_required
@require_POST
def statement_mapping(request, pk):
    """A layout that did not fit: change it and read the kept file again (no new upload)."""
    statement = _get_statement(request, pk)
    form = MappingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Susunan kolom belum disimpan. Lihat pesan merah di bawah."))
        return _render_detail(request, statement, mapping_form=form, status=400)
    services.mapping_save(shop=statement.shop, data=form.cleaned_data)
    statement = services.statement_read(statement=statement)
    if statement.state == StatementImport.State.NEEDS_MAPPING:
        messages.error(request, _("Berkas belum bisa dibaca dengan susunan kolom ini."))
    return redirect("statements:detail", pk=statement.pk)


@statement_user_required
@require_POST
def statement_confirm(request, pk, line_pk):
    statement = _get_statement(request, pk)
    line = get_or_404(selectors.statement_line_get, statement=statement, pk=line_pk)
    try:
        confirmed = services.statement_line_confirm(line=line, actor=request.actor)
    except StatementLineError as error:
        messages.error(request, str(error))
    else:
        line.refresh_from_db()
        if confirmed:
            messages.success(
                request, _("Pembayaran pesanan %(number)s dikonfirmasi.") % {"number": line.order.number}
            )
        else:
            messages.info(request, _("Pembayaran ini sudah dikonfirmasi sebelumnya."))
    return redirect("statements:detail", pk=statement.pk)


@statement_user_required
@require_POST
def statement_confirm_all(request, pk):
    statement = _get_statement(request, pk)
    confirmed, refused = services.statement_confirm_all(statement=statement, actor=request.actor)
    messages.success(request, _("%(n)s pembayaran dikonfirmasi.") % {"n": confirmed})
    if refused:
        messages.error(
            request,
            _("%(n)s baris tidak bisa dikonfirmasi: pesanannya sudah berubah. Cek daftarnya.")
            % {"n": refused},
        )
    return redirect("statements:detail", pk=statement.pk)


@statement_user_required
def statement_file(request, pk):
    """The uploaded statement itself, for the village's ketua and staff only."""
    return private_file_response(request, _get_statement(request, pk).file)
