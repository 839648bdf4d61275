"""Every change staff make is recorded (who, when, each field before → after) and shown per object."""

from datetime import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from members.models import MemberProfile
from members.services import member_delete_account
from orders.models import Order
from orders.services import order_expire_unpaid
from products.models import Product
from tests.factories import ProductFactory, UserFactory, category, member_with_account
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db


def entries(obj):
    return list(LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk"))


def change_form_data(response):
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value in (None, False):
            continue
        if isinstance(value, datetime):  # the admin's date and time boxes
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.strftime("%H:%M:%S")
            continue
        if isinstance(value, list | tuple):  # many-to-many
            data[name] = [getattr(v, "pk", v) for v in value]
            continue
        data[name] = "on" if value is True else getattr(value, "pk", value)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS"):
            data[f"{management.prefix}-{name}"] = management.initial[name]
    return data


def test_a_staff_edit_in_the_admin_is_recorded_with_who_and_before_after(staff_client):
    product = ProductFactory(name="Jamu Kunyit Asam", price=25000, category=category("jamu"))
    path = f"/admin/products/product/{product.pk}/change/"
    response = staff_client.get(path)
    form = response.context["adminform"].form
    assert "status" not in form.fields and "shop" not in form.fields
    data = change_form_data(response)

    response = staff_client.post(path, {**data, "price": "27500", "name": "Jamu Kunyit Asam Segar"})
    assert response.status_code == 302, response.context["adminform"].form.errors

    [entry] = entries(product)
    assert (entry.action, entry.actor, entry.actor_email) == (
        LogEntry.Action.UPDATE,
        staff_client.staff,
        staff_client.staff.email,
    )
    assert entry.changes == {
        "name": ["Jamu Kunyit Asam", "Jamu Kunyit Asam Segar"],
        "price": ["25000", "27500"],
    }
    assert entry.remote_addr == "127.0.0.1"

    # the product's "Riwayat" page shows it, in Indonesian
    response = staff_client.get(f"/admin/products/product/{product.pk}/history/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Riwayat perubahan", staff_client.staff.email, "Diubah", "Harga (Rp)", "25000", "27500"):
        assert text in html, text


def test_actions_through_the_services_are_recorded_too(staff_client):
    member = member_with_account(status=MemberProfile.Status.PENDING, display_name="Bu Sri")
    product = ProductFactory(name="Masker Medis", category=category("masker"))
    shop = configured_village("sabrang")
    order = place({ProductFactory(shop=shop): 1}).orders.get()

    staff_client.post("/admin/members/memberprofile/", {"action": "approve", "_selected_action": [member.pk]})
    staff_client.post(
        "/admin/products/product/",
        {"action": "hide_products", "_selected_action": [product.pk], "apply": "1", "reason": "Klaim medis."},
    )
    staff_client.post("/admin/orders/order/", {"action": "confirm_payment", "_selected_action": [order.pk]})

    [approved] = entries(member)
    assert approved.actor == staff_client.staff
    assert approved.changes["status"] == ["pending", "approved"]
    assert approved.changes["decided_by"] == ["None", str(staff_client.staff.pk)]
    [hidden] = entries(product)
    assert hidden.changes["hidden_reason"] == ["", "Klaim medis."]
    [paid] = entries(order)
    assert paid.changes["status"] == ["awaiting_payment", "paid"]
    assert "access_token" not in paid.changes
    html = staff_client.get(f"/admin/orders/order/{order.pk}/history/").content.decode()
    assert "Belum Bayar" in html and "Dibayar" in html, "choices shown by their labels"


def test_only_staff_changes_are_recorded_not_members_buyers_or_scheduled_tasks(client):
    member = member_with_account(display_name="Bu Sri")
    product = ProductFactory(shop=member.shop, made_by=member, stock=5)
    shop = configured_village("sabrang")
    order = place({ProductFactory(shop=shop): 1}).orders.get()
    assert LogEntry.objects.count() == 0, "set-up outside a staff request: nothing recorded"

    # the member in her dashboard, a buyer at checkout
    client.force_login(member.user)
    client.post(f"/dasbor/produk/{product.pk}/sembunyikan/")
    assert Product.objects.get(pk=product.pk).status == Product.Status.DRAFT
    Client().post("/keranjang/tambah/", {"product": ProductFactory(shop=shop).pk, "quantity": 1})

    # the expiry task
    Order.objects.filter(pk=order.pk).update(expires_at=order.created_at)
    assert order_expire_unpaid() == 1

    assert LogEntry.objects.count() == 0


def test_the_log_forgets_a_member_who_deleted_her_account(staff_client, client):
    member = member_with_account(display_name="Siti Rahasia", phone="+6281233334444")
    path = f"/admin/members/memberprofile/{member.pk}/change/"
    data = change_form_data(staff_client.get(path))
    response = staff_client.post(
        path, {**data, "phone": "0812 5555 6666", "story": "Dulu bekerja di Taiwan."}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    admin_user = UserFactory(email="root@migrantcare.test", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    user_path = f"/admin/members/user/{member.user.pk}/change/"
    data = change_form_data(client.get(user_path))
    response = client.post(user_path, {**data, "first_name": "Siti"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = member.user
    [profile_entry] = entries(member)
    [user_entry] = entries(user)
    assert profile_entry.changes["phone"] == ["+6281233334444", "+6281255556666"]
    assert user_entry.changes["first_name"] == ["", "Siti"]

    member_delete_account(member=MemberProfile.objects.get(pk=member.pk))

    profile_entry.refresh_from_db()
    assert profile_entry.changes["phone"] == ["[dihapus]", "[dihapus]"]
    assert profile_entry.changes["story"] == ["", "[dihapus]"]
    assert profile_entry.object_repr == "[dihapus]"
    user_type = ContentType.objects.get_for_model(type(user))
    [gone] = LogEntry.objects.filter(content_type=user_type, object_id=user.pk)
    assert gone.changes["first_name"] == ["", "[dihapus]"] and gone.object_repr == "[dihapus]"
    text = str(list(LogEntry.objects.values_list("changes", "object_repr", "serialized_data")))
    assert "Siti Rahasia" not in text and "6666" not in text and "Taiwan" not in text
