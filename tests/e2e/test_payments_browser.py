"""Payments on a 360 px phone: a changed price at checkout, a receipt marked invalid, a refund
recorded after the buyer cancels, and the kwitansi printed."""

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from core.money import rupiah
from orders.models import Order
from orders.services import Actor, order_transition, order_upload_receipt
from products.models import Product
from tests.browser import choose, fill_buyer, fits_the_phone, phone_tab
from tests.factories import MemberFactory, UserFactory, category, jpeg_bytes
from tests.orders import helpers
from tests.orders.helpers import configured_village, product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# The usual buyer, from Surabaya and without an email address.
BUYER = replace(
    helpers.BUYER,
    email="",
    address_village="",
    address_district="",
    address_city="Surabaya",
    address_postcode="60111",
)


def refused(tab, status):
    """A refused form answers `status` (the browser logs it twice): expected, nothing else."""
    assert sorted(tab.errors) == sorted(
        [
            f"Failed to load resource: the server responded with a status of {status} "
            + {400: "(Bad Request)", 409: "(Conflict)"}[status],
            f"HTTP {status} {tab.url}",
        ]
    ), tab.errors
    tab.errors.clear()


@pytest.fixture
def sabrang():
    shop = configured_village("sabrang")
    ketua = MemberFactory(
        user=UserFactory(email="sulastri@contoh.test"), shop=shop, role="ketua", display_name="Bu Sulastri"
    )
    maker = MemberFactory(shop=shop, display_name="Siti Aminah")
    kunyit = product(
        shop, made_by=maker, name="Jamu Kunyit Asam", price=12500, stock=10, category=category("jamu")
    )
    return shop, ketua, kunyit


def _transfer_order(shop, kunyit, *, receipt=True):
    order = helpers.place_order(kunyit, 3, buyer=BUYER)  # courier, transfer
    if receipt:
        order_upload_receipt(order=order, uploaded=ContentFile(jpeg_bytes(600, 900), name="bukti.jpg"))
    return Order.objects.get(pk=order.pk)


def test_buyer_sees_a_changed_price_at_checkout_and_confirms(
    browser, live_server, sabrang, axe_check, screenshot_dir
):
    _shop, _ketua, kunyit = sabrang
    context, tab = phone_tab(browser, live_server)
    tab.goto(kunyit.get_absolute_url())
    tab.get_by_label("Jumlah").fill("2")
    tab.get_by_role("button", name="Tambah ke keranjang").click()
    tab.get_by_role("link", name="Lanjut ke pembayaran").click()

    fill_buyer(tab)
    box = choose(tab, "Sabrang", "Kurir", "Transfer bank")
    expect(box).to_contain_text("2 × Jamu Kunyit Asam (Rp12.500) — Rp25.000")

    # the village raises the price while she fills the form
    Product.objects.filter(pk=kunyit.pk).update(price=13000)
    tab.get_by_role("button", name="Buat pesanan").click()

    changes = tab.locator("#checkout-changes")
    expect(changes).to_contain_text("Jamu Kunyit Asam: harga berubah dari Rp12.500 menjadi Rp13.000.")
    expect(box).to_contain_text("2 × Jamu Kunyit Asam (Rp13.000) — Rp26.000")
    # nothing she typed or chose is lost
    expect(tab.get_by_label("Nama lengkap")).to_have_value("Bu Rina")
    expect(tab.get_by_label("Provinsi")).to_have_value("Jawa Timur")
    expect(box.get_by_label("Transfer bank")).to_be_checked()
    assert Order.objects.count() == 0
    fits_the_phone(tab)
    axe_check(tab, "checkout with a changed price")
    tab.screenshot(path=screenshot_dir / "checkout-price-changed-360.png", full_page=True)
    refused(tab, 409)

    tab.get_by_role("button", name="Buat pesanan").click()
    expect(tab.get_by_role("heading", name="Terima kasih, pesanan Anda sudah dibuat")).to_be_visible()
    order = Order.objects.get()
    assert (order.items_total, order.items.get().unit_price) == (26000, 13000)
    expect(tab.locator(".pay__exact")).to_have_text(
        f"Transfer tepat {rupiah(order.total)} (sudah termasuk kode unik {rupiah(order.unique_code)})"
    )
    fits_the_phone(tab)
    context.close()
    assert tab.errors == []


def test_ketua_marks_a_receipt_invalid_and_the_buyer_reads_why(
    browser, live_server, sabrang, axe_check, screenshot_dir
):
    shop, ketua, kunyit = sabrang
    order = _transfer_order(shop, kunyit)
    context, tab = phone_tab(browser, live_server, ketua.user)

    tab.goto("/dasbor/pesanan/")
    tab.get_by_role("link", name=re.compile(r"^Perlu dicek \(1\)")).click()
    row = tab.locator(".order-row", has_text=order.number)
    expect(row).to_contain_text("Bukti transfer masuk")
    row.get_by_role("link", name=order.number).click()
    expect(tab.get_by_text("Bukti menunggu dicek: pesanan tidak batal otomatis")).to_be_visible()

    tab.get_by_text("Bukti tidak valid", exact=True).click()
    tab.get_by_role("button", name="Tandai bukti tidak valid").click()
    expect(tab.get_by_text("Tulis alasan bukti tidak valid untuk pembeli.")).to_be_visible()
    fits_the_phone(tab)
    axe_check(tab, "receipt invalid form with an error")
    refused(tab, 400)

    tab.get_by_label("Kenapa bukti ini tidak valid? (dibaca pembeli)").fill(
        "Nominal di foto Rp37.000, kurang."
    )
    tab.get_by_role("button", name="Tandai bukti tidak valid").click()
    expect(
        tab.get_by_text(
            f"Bukti transfer pesanan {order.number} ditandai tidak valid. Pembeli diberi tahu alasannya."
        )
    ).to_be_visible()
    expect(tab.locator("#order-status")).to_have_text("Belum Bayar")
    expect(tab.get_by_text("Bukti ditandai tidak valid: Nominal di foto Rp37.000, kurang.")).to_be_visible()
    fits_the_phone(tab)
    axe_check(tab, "order after the receipt was marked invalid")
    tab.screenshot(path=screenshot_dir / "village-receipt-invalid-360.png", full_page=True)

    order.refresh_from_db()
    assert (order.receipt_uploaded_at, order.receipt_rejection_reason) == (
        None,
        "Nominal di foto Rp37.000, kurang.",
    )
    assert order.expires_at > timezone.now() + timedelta(hours=23)

    # the buyer's page says why and what to do
    buyer_ctx, buyer = phone_tab(browser, live_server)
    buyer.goto(order.get_absolute_url())
    expect(
        buyer.get_by_text(re.compile(r"^Bukti transfer Anda tidak valid: Nominal di foto"))
    ).to_be_visible()
    expect(buyer.get_by_role("button", name="Kirim bukti transfer")).to_be_visible()
    buyer_ctx.close()
    context.close()
    assert tab.errors == [] and buyer.errors == []


def test_buyer_cancels_after_her_receipt_and_the_ketua_records_the_refund(
    browser, live_server, sabrang, axe_check, screenshot_dir, tmp_path
):
    shop, ketua, kunyit = sabrang
    order = _transfer_order(shop, kunyit)
    amount = rupiah(order.total)

    # the buyer cancels: she confirms first and says where the money goes back
    buyer_ctx, buyer = phone_tab(browser, live_server)
    buyer.goto(order.get_absolute_url())
    buyer.get_by_role("link", name="Batalkan pesanan").click()
    expect(buyer.get_by_role("heading", name=f"Batalkan pesanan {order.number}?")).to_be_visible()
    expect(buyer.get_by_text(f"desa wajib mengembalikan {amount}")).to_be_visible()
    fits_the_phone(buyer)
    axe_check(buyer, "buyer cancel confirmation")
    buyer.screenshot(path=screenshot_dir / "buyer-cancel-confirm-360.png", full_page=True)
    buyer.get_by_label("Ke mana dana dikembalikan?").fill("BRI 0123456789 a.n. Rina")
    buyer.get_by_role("button", name="Ya, batalkan pesanan").click()
    expect(buyer.get_by_text("Pesanan dibatalkan.", exact=True)).to_be_visible()
    expect(buyer.get_by_text(f"Desa akan mengembalikan {amount}.")).to_be_visible()

    # the ketua records the refund with a photo of the transfer
    proof = tmp_path / "transfer-balik.jpg"
    proof.write_bytes(jpeg_bytes(700, 1000))
    context, tab = phone_tab(browser, live_server, ketua.user)
    tab.goto(f"/dasbor/pesanan/{order.pk}/")
    expect(tab.get_by_text(f"Dana {amount} harus dikembalikan ke pembeli.")).to_be_visible()
    expect(tab.get_by_text("Rekening pembeli: BRI 0123456789 a.n. Rina")).to_be_visible()
    form = tab.get_by_role("group", name="Catat pengembalian dana")
    expect(form.get_by_label("Tanggal dana dikirim")).to_have_value(timezone.localdate().isoformat())
    expect(form.get_by_label("Dikirim ke (bank/dompet digital, nomor, atas nama)")).to_have_value(
        "BRI 0123456789 a.n. Rina"
    )
    form.get_by_label("Transfer bank").check()
    form.get_by_label("Foto bukti pengembalian (tidak wajib)").set_input_files(str(proof))
    fits_the_phone(tab)
    axe_check(tab, "refund form")
    tab.get_by_role("button", name="Dana sudah dikembalikan").click()
    expect(
        tab.get_by_text(f"Pengembalian dana {amount} untuk pesanan {order.number} sudah dicatat.")
    ).to_be_visible()
    expect(tab.get_by_role("link", name="Lihat bukti pengembalian")).to_be_visible()
    fits_the_phone(tab)
    tab.screenshot(path=screenshot_dir / "village-refund-recorded-360.png", full_page=True)

    order.refresh_from_db()
    assert (order.refund_method, order.refund_account, order.refund_date) == (
        "transfer",
        "BRI 0123456789 a.n. Rina",
        timezone.localdate(),
    )
    assert order.refund_proof.name.startswith("pengembalian/")

    # the buyer sees it on her order page
    buyer.reload()
    refund = buyer.locator("#refund")
    expect(refund).to_contain_text("Dana sudah dikembalikan")
    expect(refund).to_contain_text(amount)
    expect(refund).to_contain_text("BRI 0123456789 a.n. Rina")
    fits_the_phone(buyer)
    axe_check(buyer, "buyer order page with the refund")
    buyer_ctx.close()
    context.close()
    assert tab.errors == [] and buyer.errors == []


def test_buyer_prints_her_kwitansi(browser, live_server, sabrang, axe_check, screenshot_dir):
    shop, ketua, kunyit = sabrang
    order = _transfer_order(shop, kunyit)
    order_transition(order=order, to=Order.Status.PAID, actor=Actor("village", "Bu Sulastri", ketua.user))

    context, tab = phone_tab(browser, live_server)
    tab.goto(order.get_absolute_url())
    tab.get_by_role("link", name="Kwitansi (cetak atau simpan PDF)").click()
    expect(tab.get_by_role("heading", name="KWITANSI")).to_be_visible()
    expect(tab.get_by_text(f"Nomor: KW-{order.number}")).to_be_visible()
    expect(tab.locator("#kwitansi-total")).to_have_text(rupiah(order.total))
    expect(tab.get_by_text("LUNAS", exact=True)).to_be_visible()
    expect(tab.get_by_role("button", name="Cetak / simpan PDF")).to_be_visible()
    fits_the_phone(tab)
    axe_check(tab, "kwitansi")
    tab.screenshot(path=screenshot_dir / "kwitansi-360.png", full_page=True)

    # printed: the bar goes, one clean A4 page
    tab.emulate_media(media="print")
    expect(tab.get_by_role("button", name="Cetak / simpan PDF")).to_be_hidden()
    expect(tab.get_by_text("LUNAS", exact=True)).to_be_visible()
    pdf = tab.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    context.close()
    assert tab.errors == []


def test_ketua_prints_a_packing_slip(browser, live_server, sabrang, axe_check, screenshot_dir):
    shop, ketua, kunyit = sabrang
    order = _transfer_order(shop, kunyit)
    order_transition(order=order, to=Order.Status.PAID, actor=Actor("village", "Bu Sulastri", ketua.user))

    context, tab = phone_tab(browser, live_server, ketua.user)
    tab.goto(f"/dasbor/pesanan/{order.pk}/")
    tab.get_by_role("link", name="Cetak slip pengemasan").click()
    expect(tab.get_by_role("heading", name="SLIP PENGEMASAN")).to_be_visible()
    expect(tab.locator(".paper-address")).to_contain_text("Bu Rina")
    expect(tab.locator(".paper-address")).to_contain_text("Jl. Mawar 5 RT 02/RW 03")
    row = tab.locator(".paper-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Jamu Kunyit Asam")
    expect(row).to_contain_text("Siti Aminah")
    fits_the_phone(tab)
    axe_check(tab, "packing slip")
    tab.screenshot(path=screenshot_dir / "packing-slip-360.png", full_page=True)
    tab.emulate_media(media="print")
    pdf = tab.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    context.close()
    assert tab.errors == []
