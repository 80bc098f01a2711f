"""ImpAct by email can be stopped from the link in each issue."""

from __future__ import annotations

from accounts.models import User
from bulletin.models import Subscription
from learning_network import unsubscribe
from learning_network.tokens import load_signed

KIND = "bulletin.impact"


@unsubscribe.register(KIND)
def _impact(data: dict) -> unsubscribe.Subscription | None:
    user = User.objects.filter(pk=data.get("user")).first()
    if user is None:
        return None
    return unsubscribe.Subscription(
        address=user.email,
        title="ImpAct",
        description="each new issue of ImpAct",
        is_active=Subscription.objects.filter(user=user).exists(),
        stop=lambda: Subscription.objects.filter(user=user).delete(),
        afterwards="You can subscribe again on your profile page at any time.",
    )


def impact_link(user: User) -> unsubscribe.UnsubscribeLink:
    return unsubscribe.link(KIND, user=user.pk)


# Links in issues emailed before there was one unsubscribe page.
LEGACY_SALT = "bulletin.unsubscribe"


def link_for_legacy_token(token: str) -> unsubscribe.UnsubscribeLink | None:
    """The link of today for an ImpAct link of before, or None if it is not one."""
    data = load_signed(token, salt=LEGACY_SALT)
    if not data or "user" not in data:
        return None
    return unsubscribe.link(KIND, user=data["user"])
