"""Research evidence: R&D programmes, their projects, and what each informs."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from accounts import permissions as roles
from accounts.models import User
from learning_network.errors import NotAllowed
from practice_db.models import PracticeExample, ResearchProject
from practice_db.published import forget_published_counts

# How many projects an example's page lists under "Research on this".
ON_AN_EXAMPLE = 5


def can_keep_research(user) -> bool:
    """National moderators keep the research programmes and projects."""
    return roles.is_national_moderator(user)


@transaction.atomic
def save_project(
    *,
    actor: User,
    project: ResearchProject,
    topic_ids: Iterable[int],
    example_ids: Iterable[int],
) -> ResearchProject:
    if not can_keep_research(actor):
        raise NotAllowed("Only national moderators keep the research projects.")
    project.full_clean()
    project.save()
    project.topics.set(list(topic_ids))
    # Only published examples are linked: a project never reveals a draft.
    project.examples.set(
        PracticeExample.objects.published()
        .filter(pk__in=list(example_ids))
        .values_list("pk", flat=True)
    )
    # Examples' pages keep the research on them until what is published changes.
    forget_published_counts()
    return project


def research_on(
    example: PracticeExample, topic_ids: list[int] | None = None
) -> list[ResearchProject]:
    """Projects that inform this example: linked to it, or on one of its
    topics (`topic_ids`, read here when not given)."""
    if topic_ids is None:
        topic_ids = [topic.pk for topic in example.topics.all()]
    return list(
        ResearchProject.objects.filter(Q(examples=example) | Q(topics__in=topic_ids))
        .select_related("programme")
        .distinct()
        .order_by("-updated_at", "-pk")[:ON_AN_EXAMPLE]
    )


def search(query: str, user, limit: int):
    """Research projects in the header's search over everything."""
    from learning_network import site_search
    from learning_network.plugins import SearchHit

    def hit(project: ResearchProject) -> SearchHit:
        return SearchHit(
            title=project.title,
            url=project.get_absolute_url(),
            summary=project.summary[:300],
            meta=f"{project.programme}, {project.get_status_display().lower()}",
        )

    matches = site_search.matching(ResearchProject.objects.select_related("programme"), query)
    return site_search.group_of(matches, limit=limit, hit=hit)
