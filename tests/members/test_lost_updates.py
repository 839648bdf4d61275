"""No lost updates on her profile: saving writes only what she changed since she opened it."""

import pytest

from members.models import MemberProfile
from tests.factories import member_with_account

pytestmark = pytest.mark.django_db
URL = "/dasbor/profil/"


@pytest.fixture
def siti(client):
    member = member_with_account(display_name="Siti", phone="+6281200000001", story="Dulu di Taiwan.")
    client.force_login(member.user)
    return member


def _open(client):
    form = client.get(URL).context["form"]
    return {
        "display_name": form["display_name"].value(),
        "phone": form["phone"].value(),
        "story": form["story"].value(),
        "seen": form["seen"].value(),
    }


def test_a_name_changed_in_another_tab_is_kept_when_she_changes_only_her_story(client, siti):
    data = _open(client)
    MemberProfile.objects.filter(pk=siti.pk).update(display_name="Siti Aminah")

    response = client.post(URL, {**data, "story": "Tujuh tahun di Taiwan."})

    assert response.status_code == 302
    siti.refresh_from_db()
    assert (siti.display_name, siti.story) == ("Siti Aminah", "Tujuh tahun di Taiwan.")


def test_a_field_changed_meanwhile_that_she_changed_too_is_refused_and_kept_as_typed(client, siti):
    data = _open(client)
    MemberProfile.objects.filter(pk=siti.pk).update(story="Dulu di Hong Kong.")

    response = client.post(URL, {**data, "story": "Tujuh tahun di Taiwan."})

    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["story"]] == ["changed_meanwhile"]
    assert form["story"].value() == "Tujuh tahun di Taiwan."
    siti.refresh_from_db()
    assert siti.story == "Dulu di Hong Kong."

    again = client.post(URL, {**data, "story": "Tujuh tahun di Taiwan.", "seen": form["seen"].value()})
    assert again.status_code == 302
    siti.refresh_from_db()
    assert siti.story == "Tujuh tahun di Taiwan."
