"""Beacons' part of the header's search over everything.

The same matches, in the same order, as the Beacons page's own search for
the same words (`beacons.search.results`): designated Beacons only, best
match first.
"""

from __future__ import annotations

from django.utils.text import Truncator

from beacons.models import Beacon
from beacons.search import Params, results
from learning_network import site_search
from learning_network.plugins import SearchGroup, SearchHit

SUMMARY_WORDS = 40


def _hit(beacon: Beacon) -> SearchHit:
    return SearchHit(
        title=beacon.service_name,
        url=beacon.get_absolute_url(),
        summary=Truncator(beacon.what_others_can_learn).words(SUMMARY_WORDS),
        meta=(
            f"{beacon.organisation.name}, {beacon.get_theme_display()}, "
            f"Beacon since {beacon.year_label}"
        ),
    )


def search(query: str, user, limit: int) -> SearchGroup:
    found = results(Beacon.objects.visible_to(user), Params(q=query))
    return site_search.group_of(found, limit=limit, hit=_hit)
