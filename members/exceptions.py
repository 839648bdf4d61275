"""Domain errors raised by member services and translated by views into messages or form errors."""


class MemberError(Exception):
    """Base class for member rule violations; the message is fit to show to the person."""


class AlreadyRequested(MemberError):
    """She already has a request waiting, or is already a member: one request per person."""


class VillageNotAvailable(MemberError):
    """The village is not active: nobody can join it now."""


class InvalidMemberTransition(MemberError):
    """The member's status does not allow this step (approving a member who is not waiting…)."""


class NotAllowed(MemberError):
    """The person acting has no authority over this member (not staff, not her village's ketua)."""


class AccountNotDeletable(MemberError):
    """Something still needs the account (an order on its way); the message says what."""
