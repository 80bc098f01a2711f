"""Finding a Beacon: words, theme, year, region and organisation, with facet counts.

The practice search's approach, kept small (there are hundreds of Beacons,
not a million examples): each Beacon carries a weighted `tsvector` kept by a
trigger (migration 0002: service name A, what others can learn B, what it
does C, organisation D) with a GIN index; the words go to
`websearch_to_tsquery` as typed ("quoted phrases", `or`, `-left out`).
Everything is in the address. Several values of one facet combine with OR,
facets with AND, and each facet's counts apply every *other* facet's filter,
so that a number says what ticking that box would give.

Statements: one for the page of results, one for the total, and one per
facet (theme, year, region): five, whatever is found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, Q, QuerySet
from django.http import QueryDict

from beacons.models import Theme
from directory.models import Region

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20

# name: (label, the Beacon field it filters, how a value from the address is read)
FACETS = {
    "theme": ("Theme", "theme", str),
    "year": ("Year of designation", "year", int),
    "region": ("Region", "organisation__region_id", int),
}


@dataclass(frozen=True)
class Params:
    q: str = ""
    filters: dict[str, tuple] = field(default_factory=dict)
    organisation: int | None = None
    include_ended: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.q and not any(self.filters.values()) and self.organisation is None


def _ints(values: list[str]) -> tuple[int, ...]:
    return tuple(sorted({int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 10}))


def params_from(query: QueryDict) -> Params:
    """What was asked for, from the address; unknown values are ignored."""
    text = " ".join("".join(" " if ord(c) < 32 else c for c in query.get("q", "")).split())
    filters: dict[str, tuple] = {
        "theme": tuple(sorted(set(query.getlist("theme")) & set(Theme.values))),
        "year": _ints(query.getlist("year")),
        "region": _ints(query.getlist("region")),
    }
    organisation = _ints(query.getlist("organisation")[:1])
    return Params(
        q=text[:MAX_QUERY_LENGTH].strip(),
        filters=filters,
        organisation=organisation[0] if organisation else None,
        include_ended=query.get("ended") == "yes",
    )


def _words(params: Params) -> SearchQuery | None:
    return SearchQuery(params.q, search_type="websearch", config="english") if params.q else None


def _base(beacons: QuerySet, params: Params) -> QuerySet:
    if not params.include_ended:
        beacons = beacons.filter(designation_ended_on__isnull=True)
    if params.organisation is not None:
        beacons = beacons.filter(organisation_id=params.organisation)
    words = _words(params)
    if words is not None:
        beacons = beacons.filter(search_vector=words)
    return beacons


def _filtered(beacons: QuerySet, params: Params, *, leave_out: str = "") -> QuerySet:
    for name, values in params.filters.items():
        if values and name != leave_out:
            beacons = beacons.filter(Q(**{f"{FACETS[name][1]}__in": values}))
    return beacons


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool


def results(beacons: QuerySet, params: Params) -> QuerySet:
    """The matching Beacons, best match first when there are words."""
    found = _filtered(_base(beacons, params), params).select_related(
        "organisation__region", "coordinator"
    )
    words = _words(params)
    if words is not None:
        return found.annotate(rank=SearchRank(F("search_vector"), words)).order_by(
            "-rank", "service_name", "pk"
        )
    return found.order_by("service_name", "pk")


def facets(beacons: QuerySet, params: Params) -> list[tuple[str, str, list[FacetValue]]]:
    """Each facet's values with the count each would give (one statement a facet)."""
    region_names = None
    shown = []
    for name, (label, field_name, _) in FACETS.items():
        rows = (
            _filtered(_base(beacons, params), params, leave_out=name)
            .values(field_name)
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = {row[field_name]: row["n"] for row in rows}
        chosen = set(params.filters.get(name, ()))
        if name == "theme":
            labels = list(Theme.choices)
        elif name == "year":
            labels = [(y, _year_label(y)) for y in sorted(set(counts) | chosen)]
        else:
            if region_names is None:
                region_names = list(Region.objects.order_by("name").values_list("pk", "name"))
            labels = region_names
        values = [
            FacetValue(str(value), text, counts.get(value, 0), value in chosen)
            for value, text in labels
            if counts.get(value) or value in chosen
        ]
        shown.append((name, label, values))
    return shown


def _year_label(year: int) -> str:
    return "1999" if year < 2000 else f"{year}/{(year + 1) % 100:02d}"
