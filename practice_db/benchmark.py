"""What `manage.py bench_pages` opens of the practice database (see apps.py):
the same example, topic and organisation on every run of one database."""

from __future__ import annotations

from directory.models import Organisation, Topic
from practice_db.models import PracticeExample, ResearchProject

# An example a little way down the newest-first list: typical of what is read.
EXAMPLE_RANK = 100


def an_example() -> tuple[int] | None:
    published = PracticeExample.objects.published().order_by("-published_at", "-pk")
    found = published.values_list("pk", flat=True)[EXAMPLE_RANK : EXAMPLE_RANK + 1]
    found = list(found) or list(published.values_list("pk", flat=True)[:1])
    return (found[0],) if found else None


def a_parent_topic() -> tuple[str] | None:
    """A topic with sub-topics: its list holds theirs too, the broadest kind."""
    topic = Topic.objects.filter(parent__isnull=True, children__isnull=False).order_by("name")
    slug = topic.values_list("slug", flat=True).first()
    return (slug,) if slug else None


def an_organisation() -> tuple[str] | None:
    organisations = Organisation.objects.filter(practice_examples__isnull=False)
    code = organisations.order_by("code").values_list("code", flat=True).first()
    return (code,) if code else None


def a_research_project() -> tuple[int] | None:
    """The project the research index lists first."""
    projects = ResearchProject.objects.order_by("-updated_at", "-pk")
    pk = projects.values_list("pk", flat=True).first()
    return (pk,) if pk else None
