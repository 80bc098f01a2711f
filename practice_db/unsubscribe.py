"""The practice database's emails that people can stop from a link in them."""

from __future__ import annotations

from learning_network import unsubscribe
from learning_network.tokens import load_signed
from practice_db.models import SavedSearch

unsubscribe.register_opt_out_list(
    "practice_db.submissions",
    title="emails about new submissions",
    description="an email each time an example is submitted for review in your regions",
    afterwards="The moderation queue still shows every example waiting for a decision.",
)

unsubscribe.register_opt_out_list(
    "practice_db.review_reminders",
    title="review date reminders",
    description="emails about practice examples that have reached their review date",
    afterwards="Moderators still see examples past their review date in the moderation queue.",
)


def _stop_alerts(searches) -> None:
    searches.update(alerts=False)


@unsubscribe.register("practice_db.saved_search")
def _one_saved_search(data: dict) -> unsubscribe.Subscription | None:
    saved = (
        SavedSearch.objects.select_related("user")
        .filter(pk=data.get("saved_search"), user_id=data.get("user"))
        .first()
    )
    if saved is None:
        return None
    return unsubscribe.Subscription(
        address=saved.user.email,
        title=f"emails for the saved search “{saved.name}”",
        description=f"emails about new examples matching “{saved.name}”",
        is_active=saved.alerts,
        stop=lambda: _stop_alerts(SavedSearch.objects.filter(pk=saved.pk)),
        afterwards="The search is still saved: sign in and go to your saved searches to "
        "change its emails.",
    )


@unsubscribe.register("practice_db.saved_searches")
def _every_saved_search(data: dict) -> unsubscribe.Subscription | None:
    from accounts.models import User

    user = User.objects.filter(pk=data.get("user")).first()
    if user is None:
        return None
    searches = SavedSearch.objects.filter(user=user)
    return unsubscribe.Subscription(
        address=user.email,
        title="saved search emails",
        description="emails about new examples matching any of your saved searches",
        is_active=searches.filter(alerts=True).exists(),
        stop=lambda: _stop_alerts(searches),
        afterwards="Your searches are still saved: sign in and go to your saved searches "
        "to turn their emails back on.",
    )


# Links in emails sent before there was one unsubscribe page.
LEGACY_SAVED_SEARCH_SALT = "practice_db.saved-search.unsubscribe"


def link_for_legacy_token(token: str) -> unsubscribe.UnsubscribeLink | None:
    """The link of today for a saved-search link of before, or None if it is not one."""
    data = load_signed(token, salt=LEGACY_SAVED_SEARCH_SALT)
    if not data:
        return None
    return unsubscribe.link(
        "practice_db.saved_search", saved_search=data.get("saved_search"), user=data.get("user")
    )


def saved_search_link(saved: SavedSearch) -> unsubscribe.UnsubscribeLink:
    return unsubscribe.link("practice_db.saved_search", saved_search=saved.pk, user=saved.user_id)


def saved_searches_link(user_id: int) -> unsubscribe.UnsubscribeLink:
    return unsubscribe.link("practice_db.saved_searches", user=user_id)


@unsubscribe.register("practice_db.follow")
def _everything_followed(data: dict) -> unsubscribe.Subscription | None:
    from accounts.models import User
    from practice_db.models import Follow

    user = User.objects.filter(pk=data.get("user")).first()
    if user is None:
        return None
    follows = Follow.objects.filter(user=user)
    return unsubscribe.Subscription(
        address=user.email,
        title="emails about what you follow",
        description="emails when the Management Forum reviews, or publishes an evaluation of, "
        "an example or topic you follow",
        is_active=follows.exists(),
        stop=follows.delete,
        afterwards="You can follow examples and topics again from their pages.",
    )
