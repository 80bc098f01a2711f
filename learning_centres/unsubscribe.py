"""Emails about a followed centre's new events can be stopped from the link in each."""

from __future__ import annotations

from accounts.models import User
from learning_centres.models import Follow, LearningCentre
from learning_network import unsubscribe

KIND = "learning_centres.new_event"


@unsubscribe.register(KIND)
def _new_events(data: dict) -> unsubscribe.Subscription | None:
    user = User.objects.filter(pk=data.get("user")).first()
    centre = LearningCentre.objects.select_related("organisation").filter(pk=data.get("centre"))
    centre = centre.first()
    if user is None or centre is None:
        return None
    follows = Follow.objects.filter(user=user, centre=centre)
    name = centre.organisation.name
    return unsubscribe.Subscription(
        address=user.email,
        title=f"{name} Learning Centre",
        description=f"an email each time {name} Learning Centre publishes an event",
        is_active=follows.exists(),
        stop=follows.delete,
        afterwards="You can follow the centre again from its page at any time.",
    )


def new_event_link(follow: Follow) -> unsubscribe.UnsubscribeLink:
    return unsubscribe.link(KIND, user=follow.user_id, centre=follow.centre_id)
