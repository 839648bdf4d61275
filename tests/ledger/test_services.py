"""
The ledger through the real services on PostgreSQL: orders counted, cancelled after counting,
kas changes and payouts, and the same invariants as the pure rules' property tests.
"""

import random
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from ledger import services
from ledger.exceptions import PayoutError
from ledger.models import Entry, Payout
from members.models import MemberProfile
from members.notifications import MEMBER, member_recipient
from notifications import registry
from notifications.models import Event
from orders.models import Order
from orders.services import Actor, ShopChoice, order_transition
from tests.factories import MemberFactory, ProductFactory
from tests.orders.helpers import configured_village, place

pytestmark = pytest.mark.django_db
S, D, P = Order.Status, Order.Delivery, Order.Payment
VILLAGE = Actor("village", "Bu Ketua")


@pytest.fixture
def shop():
    return configured_village("sabrang")


def _order(lines, cod=False):
    shop_id = next(iter(lines)).shop_id
    choice = ShopChoice(D.LOCAL, P.COD if cod else P.TRANSFER)
    return place(lines, choices={shop_id: choice}).orders.get()


def _sum(field, **filters):
    return Entry.objects.filter(**filters).aggregate(total=Sum(field))["total"] or 0


def test_a_paid_order_credits_each_maker_minus_kas_and_the_fees_to_the_village(shop):
    siti, ani = MemberFactory(shop=shop), MemberFactory(shop=shop)
    jamu = ProductFactory(shop=shop, made_by=siti, price=999, stock=50)
    masker = ProductFactory(shop=shop, made_by=ani, price=15000, stock=50)
    village_product = ProductFactory(shop=shop, made_by=None, price=7000, stock=50)
    services.kas_rate_set(shop=shop, percent=10, label="Bu Ketua")
    order = _order({jamu: 1, masker: 2, village_product: 1})

    assert Entry.objects.count() == 0  # not counted yet: unpaid
    order_transition(order=order, to=S.PAID, actor=VILLAGE)

    assert services.member_balance(member=siti) == 899  # floor(999 × 90 / 100); kas takes the rounding
    assert services.member_balance(member=ani) == 27000
    assert _sum("kas", shop=shop) == 100 + 3000 + 7000
    assert _sum("delivery_fee", shop=shop) == 5000
    assert _sum("unique_code", shop=shop) == order.unique_code
    assert _sum("line_total", shop=shop) == order.items_total
    assert _sum("amount", member__isnull=True) == 0  # fees and kode unik are never member income


def test_cod_counts_when_completed_and_a_cancellation_after_counting_mirrors_at_the_original_rate(shop):
    siti = MemberFactory(shop=shop)
    jamu = ProductFactory(shop=shop, made_by=siti, price=10000, stock=50)
    services.kas_rate_set(shop=shop, percent=10, label="Bu Ketua")
    paid = _order({jamu: 3})
    order_transition(order=paid, to=S.PAID, actor=VILLAGE)
    assert services.member_balance(member=siti) == 27000

    # the percentage changes: only sales counted afterwards use it
    services.kas_rate_set(shop=shop, percent=20, label="Bu Ketua")
    cod = _order({jamu: 1}, cod=True)
    for to in (S.PACKED, S.SHIPPED):
        order_transition(order=cod, to=to, actor=VILLAGE, tracking_number="-")
    assert services.member_balance(member=siti) == 27000  # COD: not before the cash changes hands
    order_transition(order=cod, to=S.COMPLETED, actor=VILLAGE)
    assert services.member_balance(member=siti) == 27000 + 8000

    order_transition(order=paid, to=S.CANCELLED, actor=VILLAGE, note="Stok habis")
    assert services.member_balance(member=siti) == 8000
    reversals = Entry.objects.filter(order=paid, reverses__isnull=False)
    assert [(e.amount, e.kas, e.percent) for e in reversals if e.kind == "sale"] == [(-27000, -3000, 10)]
    assert _sum("delivery_fee", order=paid) == 0 and _sum("unique_code", order=paid) == 0
    assert _sum("kas", shop=shop) == 2000


def test_a_payout_lowers_her_balance_and_more_than_she_is_owed_is_refused(shop):
    siti = MemberFactory(shop=shop)
    order = _order({ProductFactory(shop=shop, made_by=siti, price=20000, stock=5): 1})
    order_transition(order=order, to=S.PAID, actor=VILLAGE)

    with pytest.raises(PayoutError):
        services.payout_record(
            member=siti, amount=20001, method="cash", paid_on=timezone.localdate(), label="Bu Ketua"
        )
    assert Payout.objects.count() == 0 and services.member_balance(member=siti) == 20000
    with pytest.raises(PayoutError):
        services.payout_record(
            member=siti, amount=10, method="cash", paid_on=timezone.localdate() + timedelta(days=1), label="K"
        )

    payout = services.payout_record(
        member=siti, amount=15000, method="transfer", paid_on=timezone.localdate(), label="Bu Ketua"
    )
    assert services.member_balance(member=siti) == 5000
    services.payout_confirm(payout=payout, member=siti)
    with pytest.raises(PayoutError):
        services.payout_confirm(payout=payout, member=siti)
    with pytest.raises(PayoutError):
        services.payout_confirm(payout=payout, member=MemberFactory(shop=shop))


def test_a_payout_recorded_by_mistake_is_cancelled_by_a_reversing_entry_until_she_confirms(shop):
    siti = MemberFactory(shop=shop)
    order = _order({ProductFactory(shop=shop, made_by=siti, price=20000, stock=5): 1})
    order_transition(order=order, to=S.PAID, actor=VILLAGE)
    wrong = services.payout_record(
        member=siti, amount=12000, method="cash", paid_on=timezone.localdate(), label="Bu Ketua"
    )
    assert services.member_balance(member=siti) == 8000

    with pytest.raises(PayoutError):
        services.payout_cancel(payout=wrong, reason="  ", label="Bu Ketua")
    services.payout_cancel(payout=wrong, reason="salah jumlah", label="Bu Ketua")

    assert services.member_balance(member=siti) == 20000
    reversal = Entry.objects.get(payout=wrong, reverses__isnull=False)
    assert (reversal.kind, reversal.amount, reversal.member_id) == (Entry.Kind.PAYOUT, 12000, siti.pk)
    assert reversal.reverses.amount == -12000  # the original stays, untouched
    wrong.refresh_from_db()
    assert (wrong.cancel_reason, wrong.cancelled_by_label) == ("salah jumlah", "Bu Ketua")
    with pytest.raises(PayoutError):  # once only
        services.payout_cancel(payout=wrong, reason="lagi", label="Bu Ketua")
    with pytest.raises(PayoutError):  # she cannot confirm money that was never handed over
        services.payout_confirm(payout=wrong, member=siti)
    assert services.member_balance(member=siti) == 20000

    right = services.payout_record(
        member=siti, amount=20000, method="cash", paid_on=timezone.localdate(), label="Bu Ketua"
    )
    services.payout_confirm(payout=right, member=siti)
    with pytest.raises(PayoutError):  # confirmed: she has the money, nothing to undo
        services.payout_cancel(payout=right, reason="salah", label="Bu Ketua")
    assert services.member_balance(member=siti) == 0
    assert Entry.objects.filter(payout=right).count() == 1


def test_a_deleted_members_balance_stays_owed_and_can_be_paid_out(shop):
    siti = MemberFactory(shop=shop)
    jamu = ProductFactory(shop=shop, made_by=siti, price=12000, stock=5)
    order_transition(order=_order({jamu: 1}), to=S.PAID, actor=VILLAGE)
    MemberProfile.objects.filter(pk=siti.pk).update(status=MemberProfile.Status.DELETED, display_name="X")

    assert services.member_balance(member=siti) == 12000
    # a sale of her product counted after her deletion goes wholly to kas
    order_transition(order=_order({jamu: 1}), to=S.PAID, actor=VILLAGE)
    assert services.member_balance(member=siti) == 12000
    services.payout_record(member=siti, amount=12000, method="cash", paid_on=timezone.localdate(), label="K")
    assert services.member_balance(member=siti) == 0


def test_entries_are_never_changed_or_deleted(shop):
    order = _order({ProductFactory(shop=shop, price=5000): 1})
    order_transition(order=order, to=S.PAID, actor=VILLAGE)
    entry = Entry.objects.first()
    entry.amount = 1
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert Entry.objects.get(pk=entry.pk).amount == 5000


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_sequences_through_the_services_keep_the_invariants(shop, seed):
    rng = random.Random(seed)
    makers = [MemberFactory(shop=shop) for _ in range(3)]
    products = [
        ProductFactory(shop=shop, made_by=m, price=rng.randint(1, 40) * 1111, stock=10_000) for m in makers
    ]
    products.append(ProductFactory(shop=shop, made_by=None, price=3000, stock=10_000))
    counted, paid_out = [], {m.pk: 0 for m in makers}
    for _ in range(14):
        step = rng.choice(["sale", "sale", "cod", "cancel", "kas", "payout"])
        if step in ("sale", "cod"):
            lines = {p: rng.randint(1, 3) for p in rng.sample(products, rng.randint(1, 3))}
            order = _order(lines, cod=step == "cod")
            path = [S.PAID] if step == "sale" else [S.PACKED, S.SHIPPED, S.COMPLETED]
            for to in path:
                order = order_transition(order=order, to=to, actor=VILLAGE, tracking_number="-")
            if step == "sale":
                counted.append(order)
        elif step == "cancel" and counted:
            order = counted.pop(rng.randrange(len(counted)))
            order_transition(order=order, to=S.CANCELLED, actor=VILLAGE, note="batal")
        elif step == "kas":
            services.kas_rate_set(shop=shop, percent=rng.randint(0, 30), label="K")
        elif step == "payout":
            maker = rng.choice(makers)
            balance = services.member_balance(member=maker)
            if balance > 0:
                amount = rng.randint(1, balance)
                services.payout_record(
                    member=maker, amount=amount, method="cash", paid_on=timezone.localdate(), label="K"
                )
                paid_out[maker.pk] += amount

    for maker in makers:
        credits = _sum("amount", member=maker, kind="sale", reverses__isnull=True)
        reversals = -_sum("amount", member=maker, kind="sale", reverses__isnull=False)
        assert services.member_balance(member=maker) == credits - reversals - paid_out[maker.pk]
    counted_items = sum(o.items_total for o in Order.objects.counted_as_sales())
    assert _sum("amount", kind="sale") + _sum("kas") == counted_items


def test_she_is_told_of_a_payout_recorded_to_her(shop):
    siti = MemberFactory(shop=shop, display_name="Siti")
    order_transition(
        order=_order({ProductFactory(shop=shop, made_by=siti, price=9000): 1}), to=S.PAID, actor=VILLAGE
    )
    payout = services.payout_record(
        member=siti, amount=9000, method="cash", paid_on=timezone.localdate(), label="K"
    )

    event = Event.objects.get(kind="payout_recorded")
    assert event.subject_id == payout.pk
    spec = registry.kind("payout_recorded")
    loaded = spec.load(payout.pk)
    [recipient] = spec.recipients(event, loaded)
    assert recipient == member_recipient(siti, MEMBER)
    message = spec.message(event, loaded, recipient)
    assert message.subject == "Desa Sabrang mencatat pembayaran Rp9.000 untuk Anda"
    assert "menerima Rp9.000 (Tunai)" in message.body and message.path == "/dasbor/penghasilan/"
