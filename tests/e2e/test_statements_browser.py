"""The ketua of Sabrang matches her bank statement to her orders on her phone, and confirms them."""

import re

import pytest
from playwright.sync_api import expect

from orders.models import Order
from tests.browser import fits_the_phone, phone_tab
from tests.statements.helpers import bca_csv, open_orders, today

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_ketua_imports_a_statement_and_confirms_the_matches(
    browser, live_server, sabrang_ketua, tmp_path, axe_check, screenshot_dir
):
    orders = open_orders(sabrang_ketua.shop, 3)
    statement = tmp_path / "mutasi-november.csv"
    statement.write_bytes(
        bca_csv(
            [(today(), f"TRSF E-BANKING CR {o.buyer_name.upper()}", o.total, "CR") for o in orders]
            + [(today(), "SETORAN TUNAI", 250_000, "CR"), (today(), "BIAYA ADM", 10_000, "DB")]
        )
    )
    context, tab = phone_tab(browser, live_server, sabrang_ketua.user)

    # from the dashboard menu to the statement page
    tab.goto("/dasbor/pesanan/")
    tab.get_by_role("link", name="Mutasi", exact=True).click()
    expect(tab.get_by_role("heading", name="Mutasi Rekening Desa Sabrang")).to_be_visible()
    fits_the_phone(tab)
    axe_check(tab, "statement upload")
    tab.screenshot(path=screenshot_dir / "statement-upload-360.png", full_page=True)

    # the wrong bank first: the file is kept, she changes the bank and reads it again
    tab.get_by_label("Berkas mutasi (CSV atau Excel .xlsx)").set_input_files(str(statement))
    tab.get_by_label("Bank dan bentuk berkas").select_option("bri")
    tab.get_by_role("button", name="Impor mutasi").click()
    expect(tab).to_have_url(re.compile(r"/dasbor/mutasi/\d+/$"))
    expect(tab.get_by_role("alert")).to_contain_text(
        "Kolom “Uraian Transaksi”, “Kredit” tidak ada di berkas ini."
    )
    fits_the_phone(tab)
    axe_check(tab, "statement layout problem")
    tab.screenshot(path=screenshot_dir / "statement-layout-problem-360.png", full_page=True)
    tab.get_by_label("Bank dan bentuk berkas").select_option("bca")
    tab.get_by_role("button", name="Baca lagi").click()

    # three proposals, one credit without an order
    expect(tab.get_by_role("heading", name="Cocok, menunggu konfirmasi (3)")).to_be_visible()
    expect(tab.get_by_role("heading", name="Tidak ada pesanannya (1)")).to_be_visible()
    expect(tab.get_by_text("1 uang keluar dilewati", exact=False)).to_be_visible()
    fits_the_phone(tab)
    axe_check(tab, "statement proposals")
    tab.screenshot(path=screenshot_dir / "statement-proposals-360.png", full_page=True)

    # one by one, then all at once
    tab.get_by_role("button", name=f"Konfirmasi pembayaran {orders[0].number}").click()
    expect(tab.get_by_text(f"Pembayaran pesanan {orders[0].number} dikonfirmasi.")).to_be_visible()
    expect(tab.get_by_role("heading", name="Cocok, menunggu konfirmasi (2)")).to_be_visible()
    tab.get_by_role("button", name="Konfirmasi semua (2)").click()
    expect(tab.get_by_text("2 pembayaran dikonfirmasi.")).to_be_visible()
    expect(tab.get_by_role("heading", name="Sudah dikonfirmasi (3)")).to_be_visible()
    expect(tab.get_by_text("Tidak ada lagi yang menunggu konfirmasi.")).to_be_visible()
    fits_the_phone(tab)
    axe_check(tab, "statement confirmed")

    # the order desk shows them paid
    tab.get_by_role("link", name=orders[1].number).click()
    expect(tab.get_by_role("heading", name=f"Pesanan {orders[1].number}")).to_be_visible()
    expect(tab.locator("#order-status")).to_have_text("Dibayar")
    paid_step = tab.locator(".history li").nth(1)
    expect(paid_step).to_contain_text(re.compile(r"Belum Bayar\s*→\s*Dibayar\s*· Bu Sulastri"))
    expect(paid_step).to_contain_text("Dicocokkan dengan mutasi rekening desa.")

    assert (
        list(Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("status", flat=True))
        == ["paid"] * 3
    )
    context.close()
    assert tab.errors == []
