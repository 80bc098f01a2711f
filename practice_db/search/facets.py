# SQL here is assembled from this package's own constants and the models'
# quoted names only; every chosen value is passed as a parameter.
# ruff: noqa: S608
"""The facets: each one's column, how its chosen values filter, how its
values are counted, and how those counts are shown beside the results.

Each facet reads one column of the example itself, copied there by the search
trigger (migration 0002), so no count needs a join. Its counts come from the
same statement as the total (see `counts.count_matches`): one SELECT per
facet over the matches already read, each counting the matches that pass
every *other* facet's filter, so that its numbers say what choosing a value
would give. Several values of one facet combine with OR, facets with AND.

A search narrowed by facets finds its examples through the facets' index
(`key_sql`, migration 0012), which holds every facet value of an example:
PostgreSQL intersects the chosen facets inside it and reads only the rows
that pass them all, however common each facet is alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from directory.models import OrganisationType, Region, Topic
from practice_db.models import CareSetting, EvidenceRating
from practice_db.search.tables import EXAMPLE, TABLE

if TYPE_CHECKING:
    from practice_db.search.counts import Counts
    from practice_db.search.query import SearchParams

BEACON_CHOICES = [("yes", "Beacon services"), ("no", "Not a Beacon")]


@dataclass(frozen=True)
class Facet:
    """One way of narrowing a search, and the example field holding its values."""

    name: str
    label: str
    field: str
    is_array: bool = False
    cast: type = str

    @property
    def column(self) -> str:
        return getattr(EXAMPLE, self.field)


FACETS: tuple[Facet, ...] = (
    Facet("region", "Region", "facet_region_id", cast=int),
    Facet("topic", "Topic", "facet_topic_ids", is_array=True, cast=int),
    Facet("care_setting", "Care setting", "care_setting"),
    Facet("evidence", "Strength of evidence", "evidence_rating"),
    Facet("organisation_type", "Type of organisation", "facet_organisation_type"),
    Facet("beacon", "Beacon", "is_beacon"),
    Facet("year", "Year published", "facet_year", cast=int),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


# Every facet value of an example, as elements of two arrays with one GIN
# index (migration 0012): integers for the topics (their ids), the region,
# the year and Beacon (each a negative number of its own range), text for the
# others (a prefix and the value). The migration writes the same in SQL.
KEY_OFFSETS = {"region": 1_000_000, "year": 2_000_000, "beacon": 3_000_000}
LABEL_PREFIXES = {"care_setting": "c:", "evidence": "e:", "organisation_type": "o:"}
FACET_KEYS = f"{TABLE}.facet_keys"  # not on the model: PostgreSQL computes them
FACET_LABELS = f"{TABLE}.facet_labels"


def facet_keys(facet: Facet, values: Sequence) -> list:
    """The elements an example with one of these values holds for the facet."""
    if facet.name == "topic":
        return [int(value) for value in values]
    if facet.name == "beacon":
        return [-(KEY_OFFSETS["beacon"] + (value == "yes")) for value in values]
    if facet.name in KEY_OFFSETS:
        return [-(KEY_OFFSETS[facet.name] + int(value)) for value in values]
    return [f"{LABEL_PREFIXES[facet.name]}{value}" for value in values]


def key_sql(facet: Facet, values: Sequence) -> tuple[str, list]:
    """`filter_sql`'s condition, asked of the facets' index: several such
    conditions are answered together inside it, so only the examples that
    have every chosen facet are read."""
    if facet.name in LABEL_PREFIXES:
        return f"{FACET_LABELS} && %s::text[]", [facet_keys(facet, values)]
    return f"{FACET_KEYS} && %s::integer[]", [facet_keys(facet, values)]


def filter_sql(facet: Facet, values: Sequence) -> tuple[str, list]:
    """The condition that an example has one of the chosen values."""
    column = f"{TABLE}.{facet.column}"
    if facet.name == "beacon":
        return f"{column} = ANY(%s)", [[value == "yes" for value in values]]
    if facet.is_array:
        return f"{column} && %s::integer[]", [list(values)]
    return f"{column} = ANY(%s)", [list(values)]


# -- Counting -----------------------------------------------------------------


class FacetCount(NamedTuple):
    """One row of the counting statement: how many matches have this value.

    The total and the sample's size come as rows too, under names that no
    facet has (`counts.TOTAL`, `counts.SAMPLED`), with no value."""

    facet: str
    value: str | None
    count: int


def passing(flags: dict[str, str], *, but: str | None = None) -> str:
    """SQL true for a match that passes every chosen facet's filter (but one).

    `flags` names, for each chosen facet, the column of the matches `m` that
    says whether a match passes that facet's filter."""
    return " AND ".join(flag for name, flag in flags.items() if name != but) or "TRUE"


def facet_count_selects(flags: dict[str, str]) -> list[str]:
    """One SELECT of FacetCount rows per facet, over the matches `m`: each
    counts the matches that pass every other facet's filter."""
    selects = []
    for facet in FACETS:
        value = f"unnest({facet.column})" if facet.is_array else facet.column
        selects.append(
            f"SELECT '{facet.name}', v::text, count(*) FROM (SELECT {value} AS v FROM m "
            f"WHERE {passing(flags, but=facet.name)}) AS f WHERE v IS NOT NULL GROUP BY v"
        )
    return selects


# -- Showing ------------------------------------------------------------------


@dataclass
class FacetValue:
    """One value of a facet as the page shows it: its label, count, and whether chosen."""

    value: str
    label: str
    count: int
    selected: bool
    parent: str = ""


@dataclass
class FacetResult:
    """One facet as the page shows it: the values that match, with counts."""

    facet: Facet
    values: list[FacetValue]

    @property
    def name(self) -> str:
        return self.facet.name

    @property
    def label(self) -> str:
        return self.facet.label


@dataclass
class FacetChoices:
    """Every facet's possible values and their labels, from reference data."""

    choices: dict[str, list[tuple[str, str]]]
    topic_parents: dict[str, str]

    @classmethod
    def load(cls) -> FacetChoices:
        """The choices: regions and topics from the pages cache, kept under
        the published version (see `practice_db.published`: it changes when
        a topic, region or organisation is saved or deleted, as when what is
        published changes), so a search reads one cache entry, not the
        tables; the choices the code fixes, as the code has them now."""
        from learning_network.page_cache import remember
        from practice_db.published import published_version

        regions, topics = remember(
            "practice_db:regions-and-topics", published_version(), (), _regions_and_topics
        )
        return cls.from_rows(regions, topics)

    @classmethod
    def from_rows(cls, regions: list[tuple], topics: list[tuple]) -> FacetChoices:
        """From (id, name) of each region and (id, name, parent id, parent's
        name) of each topic."""
        regions = [(str(pk), name) for pk, name in regions]
        # Parents first, each followed by its sub-topics.
        ordered = sorted(
            topics, key=lambda t: ((t[3] or t[1]).lower(), t[2] is not None, t[1].lower())
        )
        return cls(
            choices={
                "region": regions,
                "topic": [(str(pk), name) for pk, name, _, _ in ordered],
                "care_setting": list(CareSetting.choices),
                "evidence": list(EvidenceRating.choices),
                "organisation_type": list(OrganisationType.choices),
                "beacon": BEACON_CHOICES,
                "year": [],  # whatever years the counts bring
            },
            topic_parents={str(pk): str(parent) for pk, _, parent, _ in ordered if parent},
        )


def _regions_and_topics() -> tuple[list[tuple], list[tuple]]:
    return (
        list(Region.objects.values_list("pk", "name")),
        list(Topic.objects.values_list("pk", "name", "parent_id", "parent__name")),
    )


def facet_results(params: SearchParams, counts: Counts, choices: FacetChoices) -> list[FacetResult]:
    """Each facet's values that match or are chosen, labelled, with their counts."""
    results = []
    for facet in FACETS:
        counted = counts.by_facet.get(facet.name, {})
        selected = {str(value) for value in params.filters.get(facet.name, ())}
        if facet.name == "beacon":
            counted = {
                "yes": counted.get("true", 0),
                "no": counted.get("false", 0),
            }
        options = choices.choices[facet.name]
        if facet.name == "year":
            years = sorted(set(counted) | selected, reverse=True)
            options = [(year, year) for year in years]
        values = [
            FacetValue(
                value=value,
                label=label,
                count=counted.get(value, 0),
                selected=value in selected,
                parent=choices.topic_parents.get(value, "") if facet.name == "topic" else "",
            )
            for value, label in options
            if counted.get(value, 0) or value in selected
        ]
        results.append(FacetResult(facet=facet, values=values))
    return results
