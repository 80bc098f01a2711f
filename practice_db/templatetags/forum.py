"""The Management Forum's part of an example's page, and follow buttons."""

from django import template
from django.db.models import Exists, OuterRef

from learning_network import page_cache
from practice_db import permissions, research
from practice_db.models import (
    NOT_LISTED,
    Adoption,
    Evaluation,
    Follow,
    ForumReview,
    PracticeExample,
    Status,
)
from practice_db.published import published_version

# The adoptions listed on an example's page; the spread map counts them all.
ADOPTIONS_SHOWN = 20

# An adopter's own example is only linked to, once published: its key and
# status are all that is read of it, so nothing of a draft is kept.
OWN_EXAMPLE_UNREAD = tuple(
    f"own_example__{field.name}"
    for field in PracticeExample._meta.concrete_fields
    if field.name not in {"id", "status"}
)

register = template.Library()


def _what_there_is(example: PracticeExample) -> dict[str, bool]:
    """Whether the example has Forum reviews, evaluations, adoptions, and a
    source it was adapted from: one statement, so that the panel of an
    example with none (most) asks nothing more of them."""
    there_is = {
        "reviews": Exists(ForumReview.objects.filter(example_id=OuterRef("pk"))),
        "evaluations": Exists(Evaluation.objects.filter(example_id=OuterRef("pk"))),
        "adoptions": Exists(Adoption.objects.filter(example_id=OuterRef("pk"))),
        "adapted_from": Exists(Adoption.objects.filter(own_example_id=OuterRef("pk"))),
    }
    row = PracticeExample.objects.filter(pk=example.pk).values_list(*there_is.values()).first()
    return dict(zip(there_is, row or (False,) * len(there_is), strict=True))


def _shared_panel(example: PracticeExample, topic_ids: list[int] | None = None) -> dict:
    """What every reader of the example's page is shown of its Forum reviews
    and evaluations, the research on it and where it spread, with all that
    the panel reads of them loaded. Read through the models' own managers,
    not the example's, so that no row holds the page's example (and its
    submitter) to be kept with it. `topic_ids` are the example's topics,
    when the page has read them already."""
    published = example.is_published
    there_is = _what_there_is(example)
    return {
        "reviews": list(ForumReview.objects.filter(example_id=example.pk))
        if there_is.get("reviews")
        else [],
        "evaluations": list(Evaluation.objects.filter(example_id=example.pk).defer("findings"))
        if there_is.get("evaluations")
        else [],
        "research": research.research_on(example, topic_ids) if published else [],
        "adoptions": list(
            Adoption.objects.filter(example_id=example.pk)
            .select_related("organisation__region", "own_example")
            .defer(*OWN_EXAMPLE_UNREAD)[:ADOPTIONS_SHOWN]
        )
        if published and there_is.get("adoptions")
        else [],
        "adapted_from": Adoption.objects.select_related("example__organisation")
        .defer(*(f"example__{name}" for name in NOT_LISTED))
        # Only a published source is named and linked to.
        .filter(own_example_id=example.pk, example__status=Status.PUBLISHED)
        .first()
        if there_is.get("adapted_from")
        else None,
    }


FORUM_KEPT = "practice_db:forum"


def forum_panel_key(example: PracticeExample) -> str:
    """Where a published example's panel is kept (for the page to read it ahead)."""
    return page_cache.key(FORUM_KEPT, published_version(), (example.pk,))


def forum_panel(example: PracticeExample, topic_ids: list[int] | None = None) -> dict:
    """`_shared_panel`, kept in the pages cache for a published example until
    what is published changes (the Forum's, research and adoption services
    say so when they commit). A draft's or a submission's is made afresh."""
    if not example.is_published:
        return _shared_panel(example, topic_ids)
    return page_cache.remember(
        FORUM_KEPT,
        published_version(),
        (example.pk,),
        lambda: _shared_panel(example, topic_ids),
    )


def _follows(user, example: PracticeExample) -> bool:
    """Whether this reader follows the example: asked with the example on its
    own page (`reader_follows`), else here."""
    follows = getattr(example, "reader_follows", None)
    if follows is None:
        follows = Follow.objects.filter(user_id=user.pk, example=example).exists()
    return follows


@register.inclusion_tag("practice_db/includes/example_forum.html", takes_context=True)
def example_forum(context, example, topics=None):
    """Reviews and evaluations of the example, with what this reader may do
    about them. `topics`: the example's, when the page has them."""
    user = context["request"].user
    topic_ids = None if topics is None else [topic.pk for topic in topics]
    return {
        "example": example,
        "is_published": example.is_published,
        **forum_panel(example, topic_ids),
        # This reader's own: never kept.
        "can_act_for_forum": permissions.can_act_for_forum(user, example),
        "can_accept_rating": permissions.can_accept_rating(user, example),
        "following": _follows(user, example),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("practice_db/includes/follow_topic.html", takes_context=True)
def follow_topic_button(context, topic):
    user = context["request"].user
    return {
        "topic": topic,
        "following": Follow.objects.filter(user_id=user.pk, topic=topic).exists(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("practice_db/includes/following_panel.html", takes_context=True)
def following_panel(context):
    """The profile's "You follow": how many examples and topics, and where to see them."""
    user = context["request"].user
    follows = Follow.objects.filter(user_id=user.pk)
    return {
        "examples": follows.filter(example__isnull=False).count(),
        "topics": follows.filter(topic__isnull=False).count(),
    }
