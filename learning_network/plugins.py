"""How an app plugs into the portal: what it declares, and the registry that reads it.

`learning_network` is the library every app uses, so it names no app. Each app
declares what the portal needs from it as class attributes of its own
`AppConfig`, and the portal reads them through `django.apps.apps`. Adding an
app touches its own folder, `INSTALLED_APPS` and the root URLs, and nothing
else. Copy this into `<app>/apps.py` and keep what the app needs (every
attribute is optional):

    from django.apps import AppConfig

    from learning_network.plugins import (
        BenchmarkPage, DemoData, HomePanel, NavEntry, Persona, SearchKind, WorkLink,
    )


    class BeaconsConfig(AppConfig):
        name = "beacons"
        verbose_name = "Beacon Services"

        # The app's section in the header's navigation. `namespace` marks it
        # as the current section on every page of the app's URLs. A tuple of
        # entries adds pages for a role too (with `visible_to`); a page that
        # is itself an entry is marked current rather than its section.
        navigation = NavEntry("Beacons", "beacons:index", namespace="beacons", order=40)

        # Panels on the signed-in home page. The template is rendered with
        # what the context function returns for the user; None hides it.
        home_panels = (
            HomePanel(
                "beacons/includes/home_open_days.html",
                context="beacons.home.open_days",
                region="main",
                order=20,
            ),
        )

        # Links in the home page's "Your work" list; `summary(user)` says in
        # a line what waits there ("2 requests to answer"), or None. Keep it
        # cheap: indexed and bounded, never a count of a whole table.
        work_links = (
            WorkLink(
                "Your visit requests",
                "beacons:my_requests",
                order=40,
                summary="beacons.home.requests_summary",
            ),
        )

        # Demo data for `manage.py load_demo_data`, loaded after these apps'.
        demo_data = DemoData("beacons.demo.load", after=("directory", "accounts"))

        # The people the tests speak of: tests/conftest.py makes a fixture of
        # each name, and the permission tests try every page as each of them.
        personas = (
            Persona(
                "beacon_coordinator",
                email="beacon.coordinator@nhs.net",
                full_name="Bea Coordinator",
                roles=("Coordinator",),
                scope="tests.beacons.factories.coordinate_test_beacon",
                order=60,
            ),
        )

        # The pages `manage.py bench_pages` times, as a signed-in reader opens
        # them. `args() -> tuple | None` gives the URL's arguments from the
        # database (None: nothing to open, the page is left out); `query` is
        # added after "?".
        benchmark_pages = (
            BenchmarkPage("Beacons", "beacons:index"),
            BenchmarkPage("a Beacon", "beacons:beacon", args="beacons.benchmark.a_beacon"),
        )

        # What the header's search covers: `search(query, user, limit)` gives
        # a SearchGroup; `url_name` is the kind's own full search.
        search_kinds = (SearchKind("Beacons", "beacons.search.group", "beacons:index", 20),)

The booking engine reads three more attributes, described in
`opportunities/registry.py`: `session_organisers` (who runs an app's
sessions), `calendar_entries` (what is open for applications, listed in the
calendar) and `session_interests` (topics a person follows, for "For you").

A function (`context`, `visible_to`, `load`, `scope`, ...) is given as a
dotted path and imported when first used, so `apps.py` imports no models; a
callable works too. Things of one kind come in ascending `order`, then in
`INSTALLED_APPS` order. `manage.py check` reports a declaration that cannot
work (a wrong type, a path that does not import, a URL name that does not
reverse, demo data that waits for itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from django.apps import AppConfig, apps
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# A function named by its dotted path ("practice_db.home.latest_examples"), or the function.
Hook = str | Callable[..., Any]

# Where a panel sits on the home page: a notice above everything, the wide
# main column, the narrow side column, or the row of cards at the foot.
HomeRegion = Literal["notice", "main", "side", "cards"]
HOME_REGIONS: tuple[HomeRegion, ...] = get_args(HomeRegion)


def resolve(hook: Hook) -> Any:
    """The function a hook names, imported on first use."""
    return import_string(hook) if isinstance(hook, str) else hook


def _allows(visible_to: Hook | None, user: User) -> bool:
    return visible_to is None or bool(resolve(visible_to)(user))


@dataclass(frozen=True)
class NavEntry:
    """The app's section in the header's navigation, for signed-in people.

    `namespace` is the URL namespace whose pages show this section as
    current; without one, only the page `url_name` itself does.
    `visible_to(user) -> bool` hides the section from others.
    """

    label: str
    url_name: str
    namespace: str = ""
    order: int = 100
    visible_to: Hook | None = None

    def is_visible_to(self, user: User) -> bool:
        return _allows(self.visible_to, user)


@dataclass(frozen=True)
class WorkLink:
    """A link in the "Your work" list on the home page."""

    label: str
    url_name: str
    order: int = 100
    visible_to: Hook | None = None
    # `summary(user) -> str | None`: what waits there, in a line.
    summary: Hook | None = None

    def is_visible_to(self, user: User) -> bool:
        return _allows(self.visible_to, user)

    def summary_for(self, user: User) -> str | None:
        return None if self.summary is None else resolve(self.summary)(user)


@dataclass(frozen=True)
class HomePanel:
    """A panel on the signed-in home page.

    `template` is rendered on its own, with the request's context plus what
    `context(user) -> dict | None` returns; when that returns None the panel
    is left out. Without a context function the template gets only the
    request's context (the user, CSRF token and so on).
    """

    template: str
    context: Hook | None = None
    region: HomeRegion = "main"
    order: int = 100

    def __post_init__(self) -> None:
        if self.region not in HOME_REGIONS:
            raise ImproperlyConfigured(
                f"Home panel {self.template!r}: region {self.region!r} is not one of "
                f"{', '.join(HOME_REGIONS)}."
            )

    def context_for(self, user: User) -> dict[str, Any] | None:
        return {} if self.context is None else resolve(self.context)(user)


@dataclass(frozen=True)
class DemoData:
    """The app's demo data for `manage.py load_demo_data`.

    `load() -> dict[str, int]` creates only what is missing and says how many
    of each thing it made. It runs after the demo data of the apps named in
    `after` (app labels; each must be installed). `sign_ins() ->
    list[tuple[str, str]]` gives (email, role) of demo accounts to print,
    and `password` names the string they all sign in with.
    """

    load: Hook
    after: tuple[str, ...] = ()
    sign_ins: Hook | None = None
    password: Hook | None = None


@dataclass(frozen=True)
class BenchmarkPage:
    """A page `manage.py bench_pages` times, opened by a signed-in member of staff.

    `url_name` is reversed with what `args() -> tuple | None` gives (a page
    of one thing takes it from the database, the same one each run); when
    that gives None there is nothing to open and the page is left out.
    `query` (without "?") is added to the address.
    """

    label: str
    url_name: str
    args: Hook | None = None
    query: str = ""
    order: int = 100

    def path(self) -> str | None:
        args = () if self.args is None else resolve(self.args)()
        if args is None:
            return None
        path = reverse(self.url_name, args=args)
        return f"{path}?{self.query}" if self.query else path


@dataclass(frozen=True)
class Persona:
    """A fixed person the tests speak of; tests/conftest.py makes a fixture named `name`.

    They work at the test organisation that the fixture `organisation` gives
    (`london_trust` or `trent_trust`), hold the role groups in `roles`
    (`accounts.models.Role` values), moderate the regions in `moderates`
    (slugs), are a site admin if `site_admin`, and get any other scoped
    membership from `scope(user)`, a test helper of the app that owns it.
    """

    name: str
    email: str
    full_name: str
    organisation: str = "london_trust"
    roles: tuple[str, ...] = ()
    moderates: tuple[str, ...] = ()
    site_admin: bool = False
    scope: Hook | None = None
    order: int = 100


def _declared[
    Declaration: (NavEntry, WorkLink, HomePanel, DemoData, Persona, SearchKind, BenchmarkPage)
](
    attribute: str, kind: type[Declaration], *, single: bool = False
) -> Iterator[tuple[AppConfig, Declaration]]:
    """Every (app config, declaration) of one kind, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        value = getattr(config, attribute, None)
        if value is None:
            continue
        items = (value,) if single and isinstance(value, kind) else value
        if not isinstance(items, (tuple, list)) or not all(isinstance(i, kind) for i in items):
            shape = f"a tuple of {kind.__name__}"
            if single:
                shape = f"a {kind.__name__}" + (" or " + shape if kind is NavEntry else "")
            raise ImproperlyConfigured(f"{type(config).__name__}.{attribute} must be {shape}.")
        for item in items:
            yield config, item


def _in_order[
    Declaration: (NavEntry, WorkLink, HomePanel, DemoData, Persona, SearchKind, BenchmarkPage)
](attribute: str, kind: type[Declaration], *, single: bool = False) -> list[Declaration]:
    # sorted() is stable, and _declared() yields in INSTALLED_APPS order.
    found = [item for _, item in _declared(attribute, kind, single=single)]
    return sorted(found, key=lambda item: item.order)


def navigation() -> list[NavEntry]:
    """The header's sections and role pages, in order (each app's `NavEntry` or tuple)."""
    return _in_order("navigation", NavEntry, single=True)


def work_links() -> list[WorkLink]:
    """The home page's "Your work" links, in order."""
    return _in_order("work_links", WorkLink)


def home_panels() -> list[HomePanel]:
    """The home page's panels, in order (the page groups them by region)."""
    return _in_order("home_panels", HomePanel)


def benchmark_pages() -> list[BenchmarkPage]:
    """The pages `bench_pages` times, in order."""
    return _in_order("benchmark_pages", BenchmarkPage)


def personas() -> list[Persona]:
    """The test personas, in order; names and emails are each used once."""
    found = _in_order("personas", Persona)
    for field in ("name", "email"):
        values = [getattr(persona, field) for persona in found]
        repeated = sorted({value for value in values if values.count(value) > 1})
        if repeated:
            raise ImproperlyConfigured(f"Persona {field}s declared twice: {', '.join(repeated)}.")
    return found


def demo_data() -> list[DemoData]:
    """Every app's demo data, each after the apps it names in `after`.

    Apps that wait for nothing keep their INSTALLED_APPS order.
    """
    declared = {
        config.label: item for config, item in _declared("demo_data", DemoData, single=True)
    }
    installed = {config.label for config in apps.get_app_configs()}
    ordered: list[DemoData] = []
    placed: set[str] = set()

    def place(label: str, waiting: tuple[str, ...]) -> None:
        if label in placed:
            return
        if label in waiting:
            cycle = " -> ".join((*waiting, label))
            raise ImproperlyConfigured(f"Demo data waits for itself: {cycle}.")
        for earlier in declared[label].after:
            if earlier not in installed:
                raise ImproperlyConfigured(
                    f"{label}'s demo data comes after {earlier!r}, which is not an installed app."
                )
            if earlier in declared:
                place(earlier, (*waiting, label))
        placed.add(label)
        ordered.append(declared[label])

    for label in declared:
        place(label, ())
    return ordered


def _hooks() -> Iterator[tuple[str, Hook]]:
    for entry in (*navigation(), *work_links()):
        if entry.visible_to is not None:
            yield f"{entry.label!r} visible_to", entry.visible_to
    for link in work_links():
        if link.summary is not None:
            yield f"{link.label!r} summary", link.summary
    for panel in home_panels():
        if panel.context is not None:
            yield f"home panel {panel.template!r} context", panel.context
    for data in demo_data():
        for field in ("load", "sign_ins", "password"):
            if getattr(data, field) is not None:
                yield f"demo data {field}", getattr(data, field)
    for kind in search_kinds():
        yield f"search kind {kind.label!r}", kind.search
    for page in benchmark_pages():
        if page.args is not None:
            yield f"benchmark page {page.label!r} args", page.args


def check_declarations(app_configs=None, **kwargs) -> list[Error]:
    """A system check (`manage.py check`): every app's declarations can be read and used."""
    try:
        hooks = list(_hooks())
        named = [*navigation(), *work_links(), *search_kinds()]
        fixed = [page for page in benchmark_pages() if page.args is None]
        personas()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="learning_network.E001")]
    errors = []
    for what, hook in hooks:
        try:
            resolve(hook)
        except ImportError as error:
            errors.append(Error(f"{what}: {error}", id="learning_network.E002"))
    for entry in named:
        try:
            reverse(entry.url_name)
        except NoReverseMatch:
            errors.append(
                Error(
                    f"{entry.label!r} links to {entry.url_name!r}, which is no URL name.",
                    id="learning_network.E003",
                )
            )
    for page in fixed:
        try:
            reverse(page.url_name)
        except NoReverseMatch:
            errors.append(
                Error(
                    f"Benchmark page {page.label!r} is {page.url_name!r}, which is no URL name.",
                    id="learning_network.E003",
                )
            )
    return errors


# -- one search over everything ----------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One result of a kind, as the grouped search shows it."""

    title: str
    url: str
    summary: str = ""
    meta: str = ""


@dataclass(frozen=True)
class SearchGroup:
    """What one kind found: how many (`estimated` when counted from a sample,
    `at_least` when the count stopped at a cap) and the best few."""

    total: int
    hits: tuple[SearchHit, ...]
    estimated: bool = False
    at_least: bool = False


@dataclass(frozen=True)
class SearchKind:
    """A kind of thing the header's search covers, declared by the app that owns it.

    `search(query, user, limit) -> SearchGroup` searches what `user` may see
    for `query` (already tidied: at most 200 characters of web-search syntax)
    with the app's own stored vector, and returns the best `limit` hits and
    the total. `url_name` is the kind's own full search, which takes the
    same words as `?q=`.
    """

    label: str
    search: Hook
    url_name: str
    order: int = 100
    # The label within a sentence ("See all 40 practice examples"), when
    # lower-casing it would be wrong ("ImpAct stories").
    noun: str = ""

    @property
    def in_sentence(self) -> str:
        return self.noun or self.label.lower()

    def run(self, query: str, user: User, limit: int) -> SearchGroup:
        return resolve(self.search)(query, user, limit)


def search_kinds() -> list[SearchKind]:
    """The kinds the grouped search covers, in order (`search_kinds` of each app)."""
    return _in_order("search_kinds", SearchKind)
