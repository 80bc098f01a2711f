"""The practice database's panels on the home page (declared in apps.py):
new examples and the Forum's results, for the person's region and the
topics they follow, or the newest nationally when nothing is theirs yet."""

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, Q, Value, When

from directory.models import Topic
from learning_network import page_cache
from practice_db import permissions
from practice_db.models import (
    Evaluation,
    Follow,
    PracticeExample,
    Status,
    overdue_q,
)
from practice_db.published import VERSION_KEY, published_version

EXAMPLES_SHOWN = 5
RESULTS_SHOWN = 3


def _theirs(user) -> tuple[Any, list[int], list[int]]:
    """The person's region, the topics they follow and the examples they
    follow: asked once for both panels of one page (kept on the user object,
    which lives as long as the request). Both panels' kept answers are then
    read ahead, in one read of the pages cache (`cache_backend.ReadAhead`)."""
    if not hasattr(user, "_practice_home_theirs"):
        follows = list(Follow.objects.filter(user=user).values_list("topic_id", "example_id"))
        user._practice_home_theirs = (
            user.region,  # read with the user (accounts.backends)
            sorted(topic for topic, _ in follows if topic),
            sorted(example for _, example in follows if example),
        )
        read_ahead_version_and_viewed(user)
        page_cache.read_ahead(
            page_cache.ALIAS, [_kept_key(user, name) for name in _kept_panels(user)]
        )
    return user._practice_home_theirs


# Both panels are the same for everyone of one region who follows the same
# topics (most follow none): each is kept in the pages cache under those and
# what is published (which publishing an example, a Forum result or an edit
# to a region, topic or organisation changes), never under who asks. Only
# what the panels show is kept (`_SHOWN`, `_RESULT_SHOWN`): no lead's
# contact details. The Forum's results put examples a person follows first:
# theirs alone, so worked out afresh for someone who follows any.
_LATEST = "practice_db:home-latest-examples:v1"
_RESULTS = "practice_db:home-forum-results:v1"
_SHOWN = (  # what example_summary.html shows of an example
    "title",
    "summary",
    "published_at",
    "status",
    "is_beacon",
    "evidence_rating",
    "did_not_work",
    "organisation__name",
    "organisation__region__name",
)
_RESULT_SHOWN = ("evaluator", "strength", "summary", "result_published_at", "example__title")


def _kept_panels(user) -> tuple[str, ...]:
    _, _, examples = user._practice_home_theirs
    return (_LATEST,) if examples else (_LATEST, _RESULTS)


def _kept_parts(user) -> tuple:
    region, topics, _ = user._practice_home_theirs
    return (region.pk if region is not None else None, tuple(topics))


def _kept_key(user, name: str) -> str:
    return page_cache.key(name, published_version(), _kept_parts(user))


def _kept(user, name: str, compute):
    if name not in _kept_panels(user):
        return compute()
    return page_cache.remember(name, published_version(), _kept_parts(user), compute)


def _near(region, topics: list[int], prefix: str = "") -> Q | None:
    """Examples in the region or on the followed topics (sub-topics included:
    an example's topic facet holds each topic's subject too)."""
    near = Q()
    if region is not None:
        near |= Q(**{f"{prefix}facet_region_id": region.pk})
    if topics:
        near |= Q(**{f"{prefix}facet_topic_ids__overlap": topics})
    return near or None


def latest_examples(user) -> dict[str, Any]:
    """Newly published examples in the person's region or on topics they follow;
    the newest nationally when there are none."""
    region, topics, _ = _theirs(user)

    def find() -> tuple[list[PracticeExample], bool]:
        newest = (
            PracticeExample.objects.published()
            .listed()
            .only(*_SHOWN)
            .order_by("-published_at", "-pk")
        )
        near = _near(region, topics)
        examples = list(newest.filter(near)[:EXAMPLES_SHOWN]) if near else []
        return (examples or list(newest[:EXAMPLES_SHOWN]), bool(examples))

    examples, for_you = _kept(user, _LATEST, find)
    return {
        "latest_examples": examples,
        "for_you": for_you,
        "region": region,
        "follows_topics": bool(topics),
    }


def forum_results(user) -> dict[str, Any] | None:
    """The Management Forum's latest evaluation results on what the person
    follows, in their region or on their topics first, then the latest
    nationally. No panel before the Forum has published any. One statement
    (evaluations are few beside examples)."""
    region, topics, examples = _theirs(user)

    def find() -> list[Evaluation]:
        near = _near(region, topics, prefix="example__")
        if examples:
            near = (near or Q()) | Q(example_id__in=examples)
        theirs = Case(When(near, then=True), default=False) if near else Value(False)
        return list(
            Evaluation.objects.filter(
                result_published_at__isnull=False, example__status=Status.PUBLISHED
            )
            .select_related("example")
            # The panel shows the example's title and the result's summary.
            .only(*_RESULT_SHOWN)
            .annotate(theirs=theirs)
            .order_by("-theirs", "-result_published_at", "-pk")[:RESULTS_SHOWN]
        )

    shown = _kept(user, _RESULTS, find)
    if not shown:
        return None
    for_you = shown[0].theirs
    if for_you:  # theirs alone, not mixed with the latest nationally
        shown = [evaluation for evaluation in shown if evaluation.theirs]
    return {"forum_results": shown, "for_you": for_you}


# The topics of the examples a person opened lately, newest first: kept in the
# shared cache (not the database) for VIEWED_TOPICS_DAYS, at most
# VIEWED_TOPICS_KEPT of them, and written only when a topic is new to the list.
VIEWED_TOPICS_KEPT = 20
VIEWED_TOPICS_DAYS = 30


def viewed_topics_key(user) -> str:
    return f"practice_db:viewed-topics:{user.pk}"


def note_topics_viewed(user, topic_ids: Iterable[int]) -> None:
    """Remember that the person opened something filed under these topics."""
    topic_ids = list(topic_ids)
    if not user.is_authenticated or not topic_ids:
        return
    viewed = cache.get(viewed_topics_key(user)) or []
    if set(topic_ids) <= set(viewed[: max(5, len(topic_ids))]):
        return  # nothing new near the top of the list: no write
    kept = list(dict.fromkeys([*topic_ids, *viewed]))[:VIEWED_TOPICS_KEPT]
    cache.set(viewed_topics_key(user), kept, VIEWED_TOPICS_DAYS * 24 * 60 * 60)


def read_ahead_version_and_viewed(user) -> None:
    """What is published and the topics the person looked at lately, in one
    read of the shared cache, for the page's later `published_version()` and
    `viewed_topic_ids` / `note_topics_viewed` (`cache_backend.ReadAhead`)."""
    page_cache.read_ahead("default", [VERSION_KEY, viewed_topics_key(user)])


def viewed_topic_ids(user) -> list[int]:
    return list(cache.get(viewed_topics_key(user)) or [])


def my_topic_ids(user) -> list[int]:
    """Topics the person looked at lately, follows, or filed the examples
    they submitted under: for the learning opportunities "For you" (declared
    in apps.py). One statement and one cache read."""
    viewed = viewed_topic_ids(user)
    followed = Follow.objects.filter(user=user, topic__isnull=False).values("topic_id")
    written = PracticeExample.topics.through.objects.filter(practiceexample__submitter=user).values(
        "topic_id"
    )
    # Two subqueries over the small topic table, not an OR across joins.
    theirs = Topic.objects.filter(Q(pk__in=followed) | Q(pk__in=written) | Q(pk__in=viewed))
    return list(theirs.order_by().values_list("pk", flat=True)[:50])


# "Your work" counts read at most this many rows: they stay cheap whatever the
# queue holds, and say "or more" at the cap.
COUNT_CAP = 100


def _counted(number: int, one: str, many: str) -> str:
    if number >= COUNT_CAP:
        return f"{COUNT_CAP} or more {many}"
    return f"{number} {one if number == 1 else many}"


def queue_summary(user) -> str | None:
    """What waits in a moderator's queue, by region: "2 waiting in London, 1 overdue".

    One statement over the submitted examples of the user's regions (the
    index on status and submission date), at most COUNT_CAP of them.
    """
    waiting = PracticeExample.objects.filter(
        permissions.moderatable_q(user), status=Status.SUBMITTED
    )
    bounded = waiting.filter(pk__in=waiting.order_by("submitted_at", "pk").values("pk")[:COUNT_CAP])
    rows = (
        bounded.values("organisation__region__name")
        .annotate(waiting=Count("pk"), overdue=Count("pk", filter=overdue_q()))
        .order_by("organisation__region__name")
    )
    parts = []
    for row in rows:
        region = row["organisation__region__name"]
        text = f"{_counted(row['waiting'], 'waiting', 'waiting')} in {region}"
        if row["overdue"]:
            text += f", {row['overdue']} overdue"
        parts.append(text)
    return "; ".join(parts) if parts else "Nothing waiting for review"


def own_summary(user) -> str | None:
    """What the user's own examples need: "1 of your examples needs changes, 3 drafts"."""
    counts = dict(
        PracticeExample.objects.filter(
            submitter_id=user.pk, status__in=[Status.CHANGES_REQUESTED, Status.DRAFT]
        )
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    parts = []
    if changes := counts.get(Status.CHANGES_REQUESTED, 0):
        verb = "needs" if changes == 1 else "need"
        parts.append(f"{changes} of your examples {verb} changes")
    if drafts := counts.get(Status.DRAFT, 0):
        parts.append(f"{drafts} draft{'s' if drafts != 1 else ''}")
    return ", ".join(parts) or None
