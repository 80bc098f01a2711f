"""The Management Forum's part of an example's page, and follow buttons."""

from django import template

from practice_db import permissions, research
from practice_db.models import Adoption, Follow

# The adoptions listed on an example's page; the spread map counts them all.
ADOPTIONS_SHOWN = 20

register = template.Library()


@register.inclusion_tag("practice_db/includes/example_forum.html", takes_context=True)
def example_forum(context, example):
    """Reviews and evaluations of the example, with what this reader may do about them."""
    user = context["request"].user
    return {
        "example": example,
        "reviews": list(example.forum_reviews.select_related("reviewer")),
        "evaluations": list(example.evaluations.all()),
        "can_act_for_forum": permissions.can_act_for_forum(user, example),
        "can_accept_rating": permissions.can_accept_rating(user, example),
        "following": Follow.objects.filter(user_id=user.pk, example=example).exists(),
        "is_published": example.is_published,
        "research": research.research_on(example) if example.is_published else [],
        "adoptions": list(
            example.adoptions.select_related("organisation__region", "own_example")[
                :ADOPTIONS_SHOWN
            ]
        )
        if example.is_published
        else [],
        "adapted_from": Adoption.objects.select_related("example__organisation")
        .filter(own_example=example)
        .first(),
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
