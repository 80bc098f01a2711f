"""Where good practice spread: organisations that tried a published example.

"We tried this too" records an adoption, and may start the adopter's own
practice example as a draft, linked both ways. `spread_by_region` counts, for
a topic (with its sub-topics) or for every topic, how many distinct
organisations in each region adopted an example: the spread map's figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from directory.models import Organisation, Region, Topic
from learning_network.errors import Invalid, NotAllowed
from practice_db import permissions, registry, services
from practice_db.models import Adoption, PracticeExample, Status
from practice_db.published import forget_published_counts


@transaction.atomic
def record_adoption(
    *,
    actor: User,
    example_id: int,
    organisation: Organisation,
    tried_from: date,
    what_changed: str,
    how_it_went: str,
    start_own_example: bool = False,
) -> Adoption:
    """Say that an organisation tried this published example. With
    `start_own_example`, a draft example of the adopter's own is made from
    it (they finish and submit it as any other), linked both ways."""
    example = PracticeExample.objects.filter(pk=example_id, status=Status.PUBLISHED).first()
    if example is None or not permissions.can_view(actor, example):
        raise NotAllowed("Only a published example can be marked as tried.")
    what_changed, how_it_went = what_changed.strip(), how_it_went.strip()
    if not what_changed:
        raise Invalid("Say what you changed in your own service.", field="what_changed")
    if not how_it_went:
        raise Invalid("Say how it went.", field="how_it_went")
    if organisation.pk == example.organisation_id:
        raise Invalid(
            "This is your own organisation's example: choose the organisation that copied it.",
            field="organisation",
        )
    own = None
    if start_own_example:
        own, _ = services.save_example(
            actor=actor,
            example=None,
            values={
                "title": f"{example.title}: how {organisation.name} adapted it"[:200],
                "summary": what_changed[:500],
                "organisation_id": organisation.pk,
                "what_was_done": what_changed,
                "results": how_it_went,
            },
            topics=list(example.topics.values_list("pk", flat=True)),
            expected_version=None,
        )
    adoption = Adoption.objects.create(
        example=example,
        reported_by=actor,
        organisation=organisation,
        tried_from=tried_from,
        what_changed=what_changed,
        how_it_went=how_it_went,
        own_example=own,
    )
    forget_published_counts()  # the spread map, kept until what is published changes
    return adoption


@dataclass(frozen=True)
class RegionSpread:
    region: Region
    organisations: int


def _topic_q(topic: Topic | None, prefix: str = "example__") -> Q:
    # An example's topic facet holds each of its topics' subjects too.
    return Q() if topic is None else Q(**{f"{prefix}facet_topic_ids__contains": [topic.pk]})


def spread_by_region(topic: Topic | None = None) -> list[RegionSpread]:
    """Each region, with how many organisations in it took up good practice
    (on the topic, when one is given): those that said "We tried this too"
    of a published example, and those whose published example came from
    learning elsewhere in the portal (a Beacon visit, a Learning Centre
    event: the apps' `spread_sources`). An organisation counts once. One
    statement for the adoptions, one for each source, one for the regions."""
    pairs = set(
        Adoption.objects.filter(_topic_q(topic), example__status=Status.PUBLISHED)
        .order_by()
        .values_list("organisation__region_id", "organisation_id")
        .distinct()
    )
    for source in registry.spread_sources():
        pairs.update(
            PracticeExample.objects.filter(
                _topic_q(topic, prefix=""),
                pk__in=source.example_ids(topic_id=topic.pk if topic else None),
                status=Status.PUBLISHED,
            )
            .order_by()
            .values_list("organisation__region_id", "organisation_id")
            .distinct()
        )
    counts = Counter(region_id for region_id, _ in pairs)
    return [RegionSpread(region, counts.get(region.pk, 0)) for region in Region.objects.all()]


# -- the spread map: a schematic of the eight regions, drawn as SVG ----------------

# Not to scale: each region's rough place in England, so that a reader sees
# at a glance where practice travelled. The table beside it has the figures.
REGION_SHAPES = {
    "northern-and-yorkshire": (
        "120,10 190,5 232,118 242,175 168,186 150,120 124,80",
        (180, 95),
    ),
    "north-west": ("88,62 124,80 150,120 160,186 130,200 100,190 96,120", (124, 140)),
    "trent": ("160,186 242,175 252,222 215,250 170,246 155,215", (205, 212)),
    "west-midlands": (
        "100,190 130,200 160,186 155,215 170,246 166,300 110,270 94,230",
        (128, 236),
    ),
    "eastern": ("215,250 252,222 296,236 290,292 242,300 215,286", (255, 265)),
    "london": ("212,300 242,300 246,321 214,323", (229, 313)),
    "south-east": (
        "170,246 215,250 215,286 242,300 212,300 214,323 246,321 292,302 282,352 182,347 166,300",
        (205, 335),
    ),
    "south-west": ("8,362 60,322 110,270 166,300 182,347 120,357 40,382", (95, 335)),
}
# Light to dark blue; each step keeps dark text legible on the lighter fills
# and white on the darker ones.
SHADES = ("#ffffff", "#c7dcef", "#8cb8e0", "#4a8bcc", "#005eb8", "#003087")


@dataclass(frozen=True)
class MapRegion:
    name: str
    slug: str
    organisations: int
    points: str
    label_x: int
    label_y: int
    fill: str
    text_fill: str


def map_regions(spread: list[RegionSpread]) -> tuple[list[MapRegion], list[tuple[str, str]]]:
    """The regions to draw and the legend: (colour, range) pairs."""
    top = max((row.organisations for row in spread), default=0)
    steps = len(SHADES) - 1
    size = max(1, -(-top // steps))  # ceil(top / steps), at least 1

    def shade(count: int) -> int:
        return 0 if count == 0 else min(steps, 1 + (count - 1) // size)

    regions = []
    for row in spread:
        points, (x, y) = REGION_SHAPES.get(row.region.slug, ("", (0, 0)))
        level = shade(row.organisations)
        regions.append(
            MapRegion(
                name=row.region.name,
                slug=row.region.slug,
                organisations=row.organisations,
                points=points,
                label_x=x,
                label_y=y,
                fill=SHADES[level],
                text_fill="#ffffff" if level >= 3 else "#212b32",
            )
        )
    legend = [(SHADES[0], "None")]
    for level in range(1, steps + 1):
        low, high = (level - 1) * size + 1, level * size
        if low > top:
            break
        legend.append((SHADES[level], str(low) if low == high else f"{low} to {high}"))
    return regions, legend
