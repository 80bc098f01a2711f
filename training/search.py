"""Full-text search of courses: a stored, weighted tsvector with a GIN index.

The vector is written by `index_course` whenever a course, its topics or its
provider's name change (the services and the admin call it): title A,
summary and topic names B, learning outcomes C, the provider's name D. It is
built from values read in Python and written by one UPDATE, so no trigger
has to follow the many-to-many topics. A search is one statement:
`search_vector @@ websearch_to_tsquery('english', words)` (quotes, `or` and
`-` work as people expect from web search), ranked by `ts_rank`, which the
GIN index answers without reading every course. There are tens or hundreds of
courses, not millions, so nothing more elaborate is needed.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, QuerySet, Value

from learning_network import site_search
from learning_network.plugins import SearchGroup, SearchHit
from training.models import Course

CONFIG = "english"
MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """The words as searched: no NUL or control characters, spacing collapsed, capped."""
    text = "".join(" " if ord(char) < 32 else char for char in raw)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _vector(text: str, weight: str) -> SearchVector:
    return SearchVector(Value(text), weight=weight, config=CONFIG)


def index_course(course_id: int) -> None:
    """Write the course's search vector from its current text."""
    course = Course.objects.select_related("provider__organisation").get(pk=course_id)
    topics = " ".join(course.topics.values_list("name", flat=True))
    vector = (
        _vector(course.title, "A")
        + _vector(f"{course.summary} {topics}", "B")
        + _vector(course.learning_outcomes, "C")
        + _vector(course.provider.organisation.name, "D")
    )
    Course.objects.filter(pk=course_id).update(search_vector=vector)


def matching(courses: QuerySet[Course], words: str) -> QuerySet[Course]:
    """The courses that match the words, best first."""
    query = SearchQuery(words, search_type="websearch", config=CONFIG)
    return (
        courses.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "title", "pk")
    )


def search(query: str, user, limit: int) -> SearchGroup:
    """Courses in the header's search over everything: the same matches, in the
    same order, as the course list's `?q=` (`training:index`)."""
    words = clean_query(query)
    if not words:
        return SearchGroup(total=0, hits=())
    courses = Course.objects.visible_to(user).select_related("provider__organisation")
    return site_search.group_of(matching(courses, words), limit=limit, hit=_hit)


def _hit(course: Course) -> SearchHit:
    return SearchHit(
        title=course.title,
        url=course.get_absolute_url(),
        summary=course.summary[:300],
        meta=(
            f"{course.provider.organisation.name}, {course.get_level_display().lower()}, "
            f"{course.get_format_display().lower()}"
        ),
    )
