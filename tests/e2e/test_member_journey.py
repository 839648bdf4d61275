"""Siti on a 360 px phone: signs up, types the emailed code, asks to join Sabrang; her ketua approves."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from members.models import MemberProfile
from products.models import Product
from tests.browser import loaded_image_width, log_in
from tests.conftest import PHONE
from tests.factories import ProductFactory, jpeg_bytes, member_with_account, village

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SITI_EMAIL = "siti.rahayu@contoh.test"
SITI_PASSWORD = "Kunyit-Asam-Sabrang-26"


@pytest.fixture
def ketua_sabrang():
    for slug in ("wonoasri", "sabrang", "ambulu", "dukuhdempok"):
        village(slug)
    return member_with_account(
        shop="sabrang",
        role=MemberProfile.Role.KETUA,
        email="ketua.sabrang@contoh.test",
        display_name="Bu Wati",
    )


def _verification_code(outbox, email: str) -> str:
    sent = [message for message in outbox if message.to == [email]]
    assert len(sent) == 1
    match = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", sent[0].body, re.MULTILINE)
    assert match is not None, sent[0].body
    return match.group(1)


def _fits_the_phone(tab) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_siti_signs_up_joins_sabrang_and_her_ketua_approves(
    page, browser, live_server, ketua_sabrang, mailoutbox, axe_check, screenshot_dir
):
    # Given the home page on Siti's phone, she taps "Daftar sebagai anggota"
    page.goto("/")
    axe_check(page, "home")
    page.screenshot(path=screenshot_dir / "member-home-360.png")
    page.locator(".hero").get_by_role("link", name="Daftar sebagai anggota").click()

    # When she signs up with her email
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar")
    axe_check(page, "signup")
    _fits_the_phone(page)
    page.screenshot(path=screenshot_dir / "member-signup-360.png", full_page=True)
    page.get_by_label("Email").fill(SITI_EMAIL)
    page.get_by_label("Kata sandi", exact=True).fill(SITI_PASSWORD)
    page.get_by_label("Kata sandi (lagi)").fill(SITI_PASSWORD)
    page.get_by_role("button", name="Daftar").click()

    # Then she is asked for the code the email brings, on the same screen
    expect(page.get_by_role("heading", level=1)).to_have_text("Masukkan Kode Verifikasi E-mail")
    axe_check(page, "verification code")
    _fits_the_phone(page)
    page.screenshot(path=screenshot_dir / "member-confirm-360.png", full_page=True)
    code = _verification_code(mailoutbox, SITI_EMAIL)

    # When she types it and confirms
    page.get_by_label("Kode").fill(code)
    page.get_by_role("button", name="Konfirmasi").click()

    # Then she is logged in on her dashboard, invited to join her village
    expect(page).to_have_url(re.compile(r"/dasbor/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Selamat datang di Desbumi Market")
    axe_check(page, "dashboard without profile")
    page.screenshot(path=screenshot_dir / "member-welcome-360.png", full_page=True)
    page.get_by_role("link", name="Pilih desa dan minta bergabung").click()

    # When she sends the request with a phone number that is not one
    expect(page.get_by_role("heading", level=1)).to_have_text("Bergabung dengan desa Anda")
    axe_check(page, "join")
    page.get_by_label("Desa Anda").select_option(label="Sabrang (Kec. Ambulu)")
    page.get_by_label("Nama Anda").fill("Siti Rahayu")
    page.get_by_label("Nomor WhatsApp").fill("0812")
    page.get_by_label("Dulu bekerja di mana? (boleh dikosongkan)").fill("Tujuh tahun di Taiwan.")
    page.get_by_role("button", name="Kirim permintaan").click()

    # Then the message is beside the field and everything she typed is still there
    expect(page.get_by_text("Nomor HP tidak dikenali. Tulis seperti 0812-3456-7890")).to_be_visible()
    expect(page.get_by_label("Nomor WhatsApp")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Nama Anda")).to_have_value("Siti Rahayu")
    expect(page.get_by_label("Nomor WhatsApp")).to_have_value("0812")
    expect(page.get_by_label("Dulu bekerja di mana? (boleh dikosongkan)")).to_have_value(
        "Tujuh tahun di Taiwan."
    )
    assert (
        page.get_by_label("Desa Anda").evaluate("s => s.selectedOptions[0].text") == "Sabrang (Kec. Ambulu)"
    )
    assert MemberProfile.objects.filter(user__email=SITI_EMAIL).count() == 0
    axe_check(page, "join with an error")
    _fits_the_phone(page)
    page.screenshot(path=screenshot_dir / "member-join-error-360.png", full_page=True)

    # When she corrects it and sends again
    page.get_by_label("Nomor WhatsApp").fill("0812-3456-7890")
    page.get_by_role("button", name="Kirim permintaan").click()

    # Then she sees that her request waits for the ketua of Sabrang
    expect(page).to_have_url(re.compile(r"/dasbor/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Permintaan Anda sedang menunggu")
    expect(
        page.get_by_text(re.compile(r"Permintaan bergabung dengan Desa Sabrang sudah dikirim"))
    ).to_be_visible()
    axe_check(page, "pending")
    page.screenshot(path=screenshot_dir / "member-pending-360.png", full_page=True)
    siti = MemberProfile.objects.get(user__email=SITI_EMAIL)
    assert (siti.shop.slug, siti.status, siti.display_name, siti.phone, siti.story) == (
        "sabrang",
        MemberProfile.Status.PENDING,
        "Siti Rahayu",
        "+6281234567890",
        "Tujuh tahun di Taiwan.",
    )

    # When the ketua of Sabrang logs in on her own phone and opens "Anggota"
    context = browser.new_context(viewport=PHONE, locale="id-ID", base_url=live_server.url)
    context.set_default_timeout(15_000)
    errors = []
    ketua = context.new_page()
    ketua.on("pageerror", lambda exc: errors.append(str(exc)))
    ketua.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    ketua.goto("/akun/login/")
    axe_check(ketua, "login")
    ketua.screenshot(path=screenshot_dir / "member-login-360.png", full_page=True)
    log_in(ketua, "ketua.sabrang@contoh.test")
    expect(ketua).to_have_url(re.compile(r"/dasbor/produk/$"))
    axe_check(ketua, "ketua products")
    ketua.get_by_role("navigation", name="Menu dasbor").get_by_role(
        "link", name="Anggota", exact=True
    ).click()

    # Then she sees Siti's request and approves it
    expect(ketua.get_by_role("heading", level=1)).to_have_text("Anggota Desa Sabrang")
    requests = ketua.get_by_role("list", name="Permintaan bergabung (1)")
    expect(requests).to_contain_text("Siti Rahayu")
    expect(requests).to_contain_text("Tujuh tahun di Taiwan.")
    axe_check(ketua, "ketua members")
    _fits_the_phone(ketua)
    ketua.screenshot(path=screenshot_dir / "ketua-members-360.png", full_page=True)
    ketua.get_by_role("button", name="Setujui Siti Rahayu").click()
    expect(ketua.get_by_text("Siti Rahayu sudah disetujui.")).to_be_visible()
    expect(ketua.get_by_text("Tidak ada permintaan yang menunggu.")).to_be_visible()
    expect(ketua.get_by_role("list", name="Anggota (2)")).to_contain_text("Siti Rahayu")
    axe_check(ketua, "ketua members after approval")
    ketua.screenshot(path=screenshot_dir / "ketua-approved-360.png", full_page=True)
    context.close()
    assert errors == []
    siti.refresh_from_db()
    assert (siti.status, siti.decided_by_id) == (MemberProfile.Status.APPROVED, ketua_sabrang.user_id)

    # When Siti reloads her dashboard, then she is taken to her products
    page.reload()
    expect(page).to_have_url(re.compile(r"/dasbor/produk/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Produk saya")
    axe_check(page, "her products")
    page.screenshot(path=screenshot_dir / "member-approved-360.png", full_page=True)


def test_siti_edits_her_profile_downloads_her_data_and_deletes_her_account(page, axe_check, screenshot_dir):
    # Given Siti, an approved anggota of Sabrang with one product, logged in on her phone
    siti = member_with_account(shop="sabrang", email=SITI_EMAIL, display_name="Siti")
    kunyit = ProductFactory(shop=siti.shop, made_by=siti, name="Jamu Kunyit Asam")
    log_in(page, SITI_EMAIL)
    expect(page).to_have_url(re.compile(r"/dasbor/produk/$"))

    # When she opens her profile
    page.get_by_role("navigation", name="Menu dasbor").get_by_role("link", name="Profil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Profil saya")
    axe_check(page, "profile")
    _fits_the_phone(page)
    page.screenshot(path=screenshot_dir / "member-profile-360.png", full_page=True)

    # and fills it in, with a photo from her camera, showing her name and photo but not her story
    page.get_by_label("Nama tampilan").fill("Siti Rahayu")
    page.get_by_label("Foto (boleh dikosongkan)").set_input_files(
        {"name": "IMG_2001.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(1200, 1600, (150, 90, 60))}
    )
    page.get_by_label("Cerita Anda (boleh dikosongkan)").fill("Tujuh tahun di Taiwan.")
    page.get_by_label("Nomor WhatsApp", exact=True).fill("0812 3456 7890")
    page.get_by_label("Tampilkan nama saya dan halaman profil saya untuk umum").check()
    page.get_by_label("Tampilkan foto saya", exact=True).check()
    page.get_by_role("button", name="Simpan profil").click()

    # Then it is saved, with her photo
    expect(page.get_by_text("Profil Anda sudah disimpan.")).to_be_visible()
    photo = page.get_by_role("img", name="Foto Anda sekarang")
    expect(photo).to_be_visible()
    assert loaded_image_width(photo) == 480
    axe_check(page, "profile saved")
    page.screenshot(path=screenshot_dir / "member-profile-saved-360.png", full_page=True)

    # and her public page shows her name and photo, not her story or number
    page.get_by_role("link", name="Lihat halaman profil saya seperti dilihat pembeli").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Siti Rahayu")
    expect(page.get_by_role("img", name="Foto Siti Rahayu")).to_be_visible()
    expect(page.get_by_text("Tujuh tahun di Taiwan.")).to_have_count(0)
    expect(page.get_by_role("link", name="Chat WhatsApp")).to_have_count(0)
    axe_check(page, "her public page")
    page.go_back()

    # When she downloads her data
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh data saya (file JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))

    # Then the file holds her profile and her product
    assert (data["profile"]["display_name"], data["profile"]["phone"]) == ("Siti Rahayu", "+6281234567890")
    assert [p["name"] for p in data["products"]] == ["Jamu Kunyit Asam"]

    # When she asks to delete her account but does not tick the box
    page.get_by_role("link", name="Hapus akun saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hapus akun saya")
    axe_check(page, "delete account")
    page.screenshot(path=screenshot_dir / "member-delete-360.png", full_page=True)
    page.get_by_role("button", name="Hapus akun saya sekarang").click()
    expect(page.get_by_text("Centang kotak ini jika Anda yakin ingin menghapus akun.")).to_be_visible()
    axe_check(page, "delete account with an error")
    assert MemberProfile.objects.get(pk=siti.pk).status == MemberProfile.Status.APPROVED

    # and then ticks it
    page.get_by_label("Saya mengerti: akun saya dihapus dan tidak bisa dikembalikan.").check()
    page.get_by_role("button", name="Hapus akun saya sekarang").click()

    # Then she is logged out on the home page, her product archived and her profile anonymised
    expect(page.get_by_text("Akun Anda sudah dihapus. Terima kasih.")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Masuk")
    ).to_be_visible()
    axe_check(page, "home after deletion")
    siti.refresh_from_db()
    assert (siti.status, siti.display_name, siti.user, siti.photo.name) == (
        MemberProfile.Status.DELETED,
        "Anggota terhapus",
        None,
        "",
    )
    assert Product.objects.get(pk=kunyit.pk).status == Product.Status.ARCHIVED
