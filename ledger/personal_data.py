"""A member's income and payouts in her data export (UU PDP); nothing to erase.

When her account goes, the entries stay with her anonymised profile: the village still owes her
balance, and its books must add up. The slip photos stay with the village's payout records.
"""

from members.models import MemberProfile

from . import selectors


def export(user) -> dict:
    member = MemberProfile.objects.filter(user=user).first()
    if member is None:
        return {}
    income = selectors.member_income(member=member)
    return {
        "earned": income.earned,
        "paid": income.paid,
        "owed": income.owed,
        "by_month": [
            {"month": row["month"].strftime("%Y-%m"), "items": row["items"], "earned": row["earned"]}
            for row in selectors.member_income_by_month(member=member)
        ],
        "payouts": [
            {
                "date": payout.paid_on.isoformat(),
                "amount": payout.amount,
                "method": payout.method,
                "confirmed_at": payout.confirmed_at.isoformat() if payout.confirmed_at else None,
            }
            for payout in selectors.payout_list_for_member(member=member)
        ],
    }
