"""Permission matrices of the dashboards: a client logged in as an actor, a response as an outcome."""

from members.models import MemberProfile

LOGIN, HOME, OK, FORBIDDEN, NOT_FOUND = "login", "dashboard-home", 200, 403, 404


def logged_in_as(client, actor):
    """`client`, logged in as `actor` (a member, a user) or anonymous for None."""
    if actor is not None:
        client.force_login(actor.user if isinstance(actor, MemberProfile) else actor)
    return client


def outcome(response):
    """LOGIN, HOME (sent to the dashboard's start), "302 <where>" or the status code."""
    if response.status_code == 302:
        if response["Location"].startswith("/akun/login/"):
            return LOGIN
        if response["Location"] == "/dasbor/":
            return HOME
        return f"302 {response['Location']}"
    return response.status_code
