"""No lost updates on the village settings: saving writes only what the ketua changed."""

import pytest

from members.models import MemberProfile
from shops.models import Shop
from tests.factories import member_with_account
from tests.orders.test_views_dashboard import settings_data

pytestmark = pytest.mark.django_db
URL = "/dasbor/desa/"


@pytest.fixture
def ketua_client(client):
    ketua = member_with_account(role=MemberProfile.Role.KETUA)
    client.force_login(ketua.user)
    assert client.post(URL, settings_data()).status_code == 302  # the settings as they start
    return client, ketua.shop


def _seen(client):
    return client.get(URL).context["form"]["seen"].value()


def test_a_story_changed_meanwhile_is_kept_when_she_changes_only_the_whatsapp(ketua_client):
    client, shop = ketua_client
    seen = _seen(client)
    Shop.objects.filter(pk=shop.pk).update(story="Cerita baru dari staf.")

    response = client.post(URL, {**settings_data(whatsapp="0813-1111-2222"), "seen": seen})

    assert response.status_code == 302
    shop.refresh_from_db()
    assert (shop.whatsapp, shop.story) == ("+6281311112222", "Cerita baru dari staf.")


def test_a_field_she_changed_that_changed_meanwhile_is_refused_and_kept_as_typed(ketua_client):
    client, shop = ketua_client
    seen = _seen(client)
    Shop.objects.filter(pk=shop.pk).update(courier_fee_jember=15000)

    typed = settings_data(courier_fee_jember="13.000", story="Jamu kami segar.")
    response = client.post(URL, {**typed, "seen": seen})

    assert response.status_code == 400
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["courier_fee_jember"]] == ["changed_meanwhile"]
    assert "“15000”" in form.errors["courier_fee_jember"][0]
    assert (form["courier_fee_jember"].value(), form["story"].value()) == ("13.000", "Jamu kami segar.")
    shop.refresh_from_db()
    assert (shop.courier_fee_jember, shop.story) == (15000, "Desa Sabrang membuat jamu sejak 2019.")

    again = client.post(URL, {**typed, "seen": form["seen"].value()})
    assert again.status_code == 302
    shop.refresh_from_db()
    assert (shop.courier_fee_jember, shop.story) == (13000, "Jamu kami segar.")
