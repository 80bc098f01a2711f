"""What other apps tell the practice database, declared on their AppConfigs
(this module imports no models, so an `apps.py` may import it).

- `spread_sources`: other ways good practice travelled, counted on the spread
  map beside "We tried this too". A function `(topic_id=None)` returning
  the ids, as a QuerySet (`values("pk")`) or an SQL expression (`RawSQL`)
  that selects them, of practice examples that people wrote after learning
  from something the app holds, such as a Beacon visit or a Learning Centre
  event they attended. The map counts the organisations of those that are
  published, on the map's topic; a source may use `topic_id` to read fewer
  rows (the map filters by topic again either way):

      from practice_db.registry import SpreadSource

      class BeaconsConfig(AppConfig):
          spread_sources = (SpreadSource("Beacon visits", "beacons.spread.examples_written"),)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from learning_network.plugins import Hook, resolve


@dataclass(frozen=True)
class SpreadSource:
    label: str
    examples: Hook

    def example_ids(self, topic_id: int | None = None):
        return resolve(self.examples)(topic_id=topic_id)


def spread_sources() -> list[SpreadSource]:
    found = []
    for config in apps.get_app_configs():
        for item in getattr(config, "spread_sources", ()) or ():
            if not isinstance(item, SpreadSource):
                raise ImproperlyConfigured(
                    f"{type(config).__name__}.spread_sources must be a tuple of SpreadSource."
                )
            found.append(item)
    return found
