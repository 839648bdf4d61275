"""/dasbor/mutasi/: the ketua's (and staff's) pages, who may see them, bad input, query budgets."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from orders.models import Order, OrderStatusChange
from statements.models import ColumnMapping, StatementImport, StatementLine
from tests.factories import member_with_account
from tests.statements.helpers import SAMPLES, bca_csv, open_orders, paid, today, villages

pytestmark = pytest.mark.django_db
Line = StatementLine.State


@pytest.fixture
def ketua_client(client):
    villages()
    ketua = member_with_account(shop="sabrang", role="ketua", display_name="Bu Sulastri")
    client.force_login(ketua.user)
    client.member = ketua
    return client


def upload(client, content, name="mutasi.csv", **data):
    return client.post(
        "/dasbor/mutasi/", {"preset": "bca", "file": SimpleUploadedFile(name, content), **data}
    )


def test_the_ketua_imports_sees_proposals_and_confirms_one_then_all(
    ketua_client, django_capture_on_commit_callbacks
):
    shop = ketua_client.member.shop
    orders = open_orders(shop, 3)
    content = bca_csv(
        [(today(), f"TRSF {o.number}", o.total, "CR") for o in orders] + [(today(), "X", 7, "CR")]
    )

    response = upload(ketua_client, content)

    statement = StatementImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/dasbor/mutasi/{statement.pk}/"
    page = ketua_client.get(response["Location"])
    assert page.status_code == 200
    assert len(page.context["proposed"]) == 3 and len(page.context["unmatched"]) == 1
    assert "Konfirmasi semua (3)" in page.text
    assert ColumnMapping.objects.get(shop=shop).preset == "bca"

    first = statement.lines.filter(state=Line.PROPOSED).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = ketua_client.post(f"/dasbor/mutasi/{statement.pk}/konfirmasi/{first.pk}/")
    assert response.status_code == 302
    assert paid(orders) == 1
    with django_capture_on_commit_callbacks(execute=True):
        ketua_client.post(f"/dasbor/mutasi/{statement.pk}/konfirmasi/")
    assert paid(orders) == 3
    assert OrderStatusChange.objects.filter(to_status="paid", by=ketua_client.member.user).count() == 3

    # the same file again: the same import, nothing more confirmed
    response = upload(ketua_client, content)
    assert response["Location"] == f"/dasbor/mutasi/{statement.pk}/"
    assert StatementImport.objects.count() == 1
    assert OrderStatusChange.objects.filter(to_status="paid").count() == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("mutasi.pdf", b"%PDF-1.4", "Mutasi dalam PDF belum bisa dibaca"),
        ("foto.jpg", b"\xff\xd8\xff", "Pilih berkas mutasi rekening berformat CSV atau Excel"),
        ("mutasi.csv", b"", "Berkas kosong"),
        ("mutasi.xlsx", b"PK\x03\x04rusak", "Berkas Excel ini rusak"),
    ],
)
def test_a_wrong_file_is_refused_with_a_message_and_nothing_stored(ketua_client, name, content, message):
    response = upload(ketua_client, content, name=name)

    assert response.status_code == 400
    assert message in response.text
    assert StatementImport.objects.count() == 0


def test_no_file_and_an_incomplete_custom_layout_are_refused(ketua_client):
    response = ketua_client.post("/dasbor/mutasi/", {"preset": "custom", "date_column": "Tanggal"})

    assert response.status_code == 400
    assert "Pilih berkas mutasi rekening." in response.text
    assert "Tulis judul kolom keterangan." in response.text
    assert "Tulis judul kolom jumlah, atau kolom kredit." in response.text
    assert response.context["form"]["date_column"].value() == "Tanggal"


def test_a_layout_that_does_not_fit_keeps_the_upload_and_is_changed_on_the_import(ketua_client):
    response = upload(ketua_client, (SAMPLES / "bri.csv").read_bytes(), name="bri.csv")

    statement = StatementImport.objects.get()
    page = ketua_client.get(response["Location"])
    assert "Kolom “Keterangan”, “Jumlah” tidak ada di berkas ini." in page.text
    assert "Baca lagi" in page.text

    ketua_client.post(f"/dasbor/mutasi/{statement.pk}/kolom/", {"preset": "bri"})

    statement.refresh_from_db()
    assert statement.state == StatementImport.State.READ
    assert statement.lines.count() == 2
    assert StatementImport.objects.count() == 1


def test_a_custom_layout_of_her_own(ketua_client):
    [order] = open_orders(ketua_client.member.shop, 1)
    content = f"Tanggal;Keterangan;Nominal;Jenis\n{today():%d/%m/%Y};SETORAN;{order.total};K\n".encode()

    upload(
        ketua_client,
        content,
        preset="custom",
        date_column="Tanggal",
        description_column="Keterangan",
        amount_column="Nominal",
        marker_column="Jenis",
    )

    assert StatementLine.objects.get().state == Line.PROPOSED


def test_an_anggota_is_refused_and_a_visitor_sent_to_log_in(client):
    villages()
    anggota = member_with_account(shop="sabrang")
    assert client.get("/dasbor/mutasi/").status_code == 302
    client.force_login(anggota.user)
    assert client.get("/dasbor/mutasi/").status_code == 403


def test_another_villages_import_is_a_404(ketua_client):
    _sabrang, ambulu = villages()
    [order] = open_orders(ambulu, 1)
    other = member_with_account(shop="ambulu", role="ketua", email="ketua.ambulu@contoh.test")
    ketua_client.force_login(other.user)
    upload(ketua_client, bca_csv([(today(), "TRSF", order.total, "CR")]))
    statement = StatementImport.objects.get()
    line = statement.lines.get()
    ketua_client.force_login(ketua_client.member.user)

    for path in ["", "berkas/", "kolom/", "konfirmasi/", f"konfirmasi/{line.pk}/"]:
        method = ketua_client.get if path in ("", "berkas/") else ketua_client.post
        assert method(f"/dasbor/mutasi/{statement.pk}/{path}").status_code == 404, path
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT


def test_the_statement_file_is_served_to_her_privately(ketua_client):
    content = bca_csv([(today(), "TRSF", 5_000, "CR")])
    upload(ketua_client, content)
    statement = StatementImport.objects.get()

    response = ketua_client.get(f"/dasbor/mutasi/{statement.pk}/berkas/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Cache-Control"] == "private, no-store"


def test_staff_choose_the_village_and_confirm_for_it(staff_client, django_capture_on_commit_callbacks):
    sabrang, _ambulu = villages()
    [order] = open_orders(sabrang, 1)

    page = staff_client.get("/dasbor/mutasi/?desa=sabrang")
    assert page.status_code == 200
    assert "Mutasi Rekening Desa Sabrang" in page.text
    response = upload(staff_client, bca_csv([(today(), "TRSF", order.total, "CR")]), shop="sabrang")
    statement = StatementImport.objects.get()
    assert statement.shop == sabrang
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"{response['Location']}konfirmasi/")

    change = OrderStatusChange.objects.get(order=order, to_status="paid")
    assert change.by == staff_client.staff


def test_query_budgets_do_not_grow_with_lines(ketua_client, django_assert_max_num_queries):
    shop = ketua_client.member.shop
    for n in (2, 30):
        orders = open_orders(shop, n)
        upload(ketua_client, bca_csv([(today(), f"TRSF {o.number}", o.total, "CR") for o in orders]))
        statement = StatementImport.objects.order_by("-pk").first()
        with django_assert_max_num_queries(10):
            assert ketua_client.get(f"/dasbor/mutasi/{statement.pk}/").status_code == 200
        with django_assert_max_num_queries(10):
            assert ketua_client.get("/dasbor/mutasi/").status_code == 200


def test_staff_first_choose_a_village_within_the_budget(staff_client, django_assert_max_num_queries):
    villages()

    with django_assert_max_num_queries(10):
        response = staff_client.get("/dasbor/mutasi/")

    assert response.status_code == 200
    assert "Mutasi Rekening" in response.text
    assert [choice[1] for choice in response.context["form"].fields["shop"].choices][:2] == [
        "Ambulu",
        "Dukuhdempok",
    ]
    assert response.context["statements"] == []


def test_staff_without_the_order_permission_are_not_let_in(client):
    from tests.factories import staff_user

    client.force_login(staff_user(email="staf.lain@migrantcare.test"))

    assert client.get("/dasbor/mutasi/")["Location"] == "/dasbor/"
