"""How the owning apps answer "who organises this session?".

The engine knows no feature app. An app that owns sessions declares, on its
own AppConfig, a function for each kind it owns:

    from opportunities.registry import Organisers

    class BeaconsConfig(AppConfig):
        session_organisers = (
            Organisers(Kind.BEACON_OPEN_DAY, "beacons.permissions.organised_sessions_q"),
        )

The function takes a user and returns a `Q` over `opportunities.Session`
that matches the sessions that person runs, built from fields of the session
itself (for example `Q(owner_type=<Beacon's content type>, owner_id__in=[the
Beacons they coordinate])`), so that `learning_network.rules.matches` can
answer for one session as well as filter a list. The engine adds the kind to
it, so an app can never answer for another app's sessions.

Three more hooks, each optional, declared the same way on an AppConfig:

- `calendar_entries`: things that are not booked but belong in the calendar,
  such as a leadership cohort's application window. A function
  `(start, end) -> list[CalendarEntry]` giving what is open for applications
  at some time between two aware datetimes; at most `MAX_ENTRIES` are shown,
  soonest closing first, as "Applications open" beside the sessions. An
  entry's `opens` and `closes` are moments, or days (a day closes at its end,
  UK time):

      from opportunities.registry import CalendarEntries

      class LeadershipConfig(AppConfig):
          calendar_entries = CalendarEntries("leadership.calendar.calendar_entries")

- `session_interests`: topics a person has shown interest in, for the "For
  you" panel on the home page. A function `(user) -> list[int]` of topic ids
  (at most a few dozen; one bounded query), for example the topics of the
  practice examples they submitted:

      from opportunities.registry import SessionInterests

      class PracticeDbConfig(AppConfig):
          session_interests = SessionInterests("practice_db.home.my_topic_ids")

- `other_bookings`: things people are booked on that are not sessions (a
  confirmed Beacon visit, say), listed on My bookings without the engine
  knowing what they are:

      class BeaconsConfig(AppConfig):
          other_bookings = (OtherBookings("beacons.calendar.visits_for"),)

  The function takes a user and `include_past` and returns `BookedEntry`
  items: what, when, where, its page and its calendar file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone

from learning_network.plugins import Hook, resolve
from learning_network.rules import NOTHING


@dataclass(frozen=True)
class Organisers:
    """The owning app's answer for one kind of session: `organised_q(user) -> Q`."""

    kind: str
    organised_q: Hook


@dataclass(frozen=True)
class BookedEntry:
    """One thing a person is booked on that is not a session of the engine."""

    title: str
    starts_at: datetime
    ends_at: datetime
    where: str
    url: str
    ics_url: str
    label: str


@dataclass(frozen=True)
class OtherBookings:
    """An app's answer to "what else is this person booked on?":
    `entries(user, include_past=...) -> list[BookedEntry]`."""

    entries: Hook


def other_bookings(user, *, include_past: bool = False) -> list[BookedEntry]:
    """Every app's entries for this person, soonest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[BookedEntry] = []
    for config in apps.get_app_configs():
        for item in getattr(config, "other_bookings", ()) or ():
            if not isinstance(item, OtherBookings):
                raise ImproperlyConfigured(
                    f"{type(config).__name__}.other_bookings must be a tuple of OtherBookings."
                )
            found.extend(resolve(item.entries)(user, include_past=include_past))
    return sorted(found, key=lambda entry: entry.starts_at)


# Tests put a function here to stand in for an owning app.
_extra: dict[str, Hook] = {}


def declared() -> dict[str, Hook]:
    """Each kind's hook, from every installed app's `session_organisers`."""
    found: dict[str, Hook] = {}
    for config in apps.get_app_configs():
        for item in getattr(config, "session_organisers", ()) or ():
            if not isinstance(item, Organisers):
                raise ImproperlyConfigured(
                    f"{type(config).__name__}.session_organisers must be a tuple of Organisers."
                )
            if item.kind in found:
                raise ImproperlyConfigured(f"Two apps answer for sessions of kind {item.kind!r}.")
            found[item.kind] = item.organised_q
    return found | _extra


def organised_q(user) -> Q:
    """Every session this person organises, whichever app owns it."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    rule = NOTHING
    for kind, hook in declared().items():
        answer = resolve(hook)(user)
        if answer is not None:
            rule |= Q(kind=kind) & answer
    return rule


def register_for_tests(kind: str, hook: Callable[[object], Q]) -> Callable[[], None]:
    """Stand in for an owning app in a test; returns the function that undoes it."""
    _extra[kind] = hook
    return lambda: _extra.pop(kind, None)


# -- what other apps add to the calendar and to "For you" -------------------------

MAX_ENTRIES = 10


@dataclass(frozen=True)
class CalendarEntry:
    """One plain line in the calendar's "Applications open" list."""

    title: str
    url: str
    opens: date | datetime  # a day, or a moment (aware)
    closes: date | datetime  # a day is the last day applications are taken
    region: str = ""  # the region's name, or empty for every region

    @property
    def closes_at_a_time(self) -> bool:
        """Whether `closes` is a moment (shown with its time) or a whole day."""
        return isinstance(self.closes, datetime)

    @property
    def closing(self) -> datetime:
        """When applications stop: a day's end, UK time, for a day."""
        return _moment(self.closes, end_of_day=True)

    @property
    def opening(self) -> datetime:
        return _moment(self.opens, end_of_day=False)

    @property
    def not_yet_open(self) -> bool:
        return self.opening > timezone.now()


def _moment(value: date | datetime, *, end_of_day: bool) -> datetime:
    if isinstance(value, datetime):
        return value
    day = value + timedelta(days=1) if end_of_day else value
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class CalendarEntries:
    """An app's `(start, end) -> list[CalendarEntry]`."""

    entries: Hook


@dataclass(frozen=True)
class SessionInterests:
    """An app's `(user) -> list[int]` of topic ids the person cares about."""

    topic_ids: Hook


def _each(attribute: str, kind: type) -> list:
    found = []
    for config in apps.get_app_configs():
        item = getattr(config, attribute, None)
        if item is None:
            continue
        if not isinstance(item, kind):
            raise ImproperlyConfigured(
                f"{type(config).__name__}.{attribute} must be a {kind.__name__}."
            )
        found.append(item)
    return found


# Tests put functions here to stand in for other apps.
_extra_entries: list[Hook] = []
_extra_interests: list[Hook] = []


def calendar_entries(start: datetime, end: datetime, *, region: str = "") -> list[CalendarEntry]:
    """What every app says is open for applications between `start` and `end`,
    soonest closing first; only those for `region` (a name) or every region
    when one is chosen."""
    hooks = [item.entries for item in _each("calendar_entries", CalendarEntries)]
    found: list[CalendarEntry] = []
    for hook in [*hooks, *_extra_entries]:
        found.extend(resolve(hook)(start, end))
    # Only what is open at some time in the range, whatever an app returned.
    found = [entry for entry in found if entry.closing > start and entry.opening < end]
    if region:
        found = [entry for entry in found if entry.region in ("", region)]
    return sorted(found, key=lambda entry: (entry.closing, entry.title))[:MAX_ENTRIES]


def interest_topic_ids(user) -> set[int]:
    """Topic ids that the apps say this person cares about."""
    hooks = [item.topic_ids for item in _each("session_interests", SessionInterests)]
    found: set[int] = set()
    for hook in [*hooks, *_extra_interests]:
        found.update(resolve(hook)(user))
    return found


def add_for_tests(entries: Hook | None = None, interests: Hook | None = None) -> Callable[[], None]:
    """Stand in for another app's calendar entries or interests; returns the undo."""
    if entries is not None:
        _extra_entries.append(entries)
    if interests is not None:
        _extra_interests.append(interests)

    def undo() -> None:
        if entries is not None:
            _extra_entries.remove(entries)
        if interests is not None:
            _extra_interests.remove(interests)

    return undo
