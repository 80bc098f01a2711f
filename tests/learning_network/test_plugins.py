"""Apps plug in by declaring things in their AppConfig; the project names no feature app."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import AppConfig, apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from learning_network import plugins
from learning_network.plugins import DemoData, HomePanel, NavEntry, Persona, WorkLink
from tests.conftest import PERSONAS, make_persona

# The apps every feature app may use, which themselves use no feature app
# (DESIGN.md, "Apps"). Every other app of ours is a feature app.
FOUNDATION = {"learning_network", "accounts", "directory", "opportunities"}
# learning_network is also the project: its settings and root URLs name every app.
PROJECT_FILES = {"urls.py", "settings.py"}
IMPORTERS = {"import_module", "import_string", "__import__"}


def feature_apps() -> set[str]:
    base = Path(settings.BASE_DIR).resolve()
    ours = {c.label for c in apps.get_app_configs() if Path(c.path).resolve().parent == base}
    return ours - FOUNDATION


def modules_imported(source: str) -> set[str]:
    """The top-level packages a module imports, including by a literal dotted path."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in IMPORTERS and isinstance(first, ast.Constant):
                found.add(str(first.value).split(".")[0])
    return found


def test_the_import_walk_sees_every_way_of_importing():
    source = (
        "import practice_db.models\nfrom bulletin import home\n"
        "from .x import y\nimport_string('beacons.demo.load')\n"
    )
    assert modules_imported(source) == {"practice_db", "bulletin", "beacons"}


@pytest.mark.parametrize("app", ["learning_network", "accounts", "directory"])
def test_the_shared_apps_import_no_feature_app(app):
    features = feature_apps()
    assert {"practice_db", "bulletin"} <= features
    folder = Path(apps.get_app_config(app).path)
    offenders = {}
    for path in sorted(folder.rglob("*.py")):
        if app == "learning_network" and path.relative_to(folder).as_posix() in PROJECT_FILES:
            continue
        imported = modules_imported(path.read_text()) & features
        if imported:
            offenders[path.relative_to(folder).as_posix()] = sorted(imported)
    assert offenders == {}


def in_order(expected: list, actual: list) -> bool:
    """Whether `expected` appear in `actual` in this order (others may come between:
    each app added to the portal adds its own)."""
    rest = iter(actual)
    return all(item in rest for item in expected)


def test_the_home_page_template_names_no_app():
    template = Path(settings.BASE_DIR, "templates", "learning_network", "home.html").read_text()
    for label in feature_apps() | {"accounts", "directory"}:
        assert label not in template


def test_navigation_comes_from_app_configs_in_order(client_as, staff):
    entries = plugins.navigation()
    assert [entry.order for entry in entries] == sorted(entry.order for entry in entries)
    assert in_order(
        [
            ("Home", "home"),
            ("Practice database", "practice_db:browse"),
            ("ImpAct", "bulletin:current"),
            ("Beacons", "beacons:index"),
            ("Learning opportunities", "opportunities:calendar"),
            ("Leadership", "leadership:index"),
        ],
        [(e.label, e.url_name) for e in entries],
    )
    html = client_as("staff").get(reverse("practice_db:browse")).text
    links = re.findall(r'class="nhsuk-header__navigation-link" href="([^"]+)"', html)
    assert links == [reverse(entry.url_name) for entry in entries if entry.is_visible_to(staff)]
    assert re.search(r'aria-current="page"[^>]*><strong[^>]*>Practice database', html)


def test_home_panels_and_work_links_come_from_app_configs_in_order():
    by_region = {region: [] for region in plugins.HOME_REGIONS}
    for panel in plugins.home_panels():
        by_region[panel.region].append(panel.template)
    expected = {
        "notice": ["accounts/includes/home_profile_notice.html"],
        "main": [
            "learning_network/includes/home_your_work.html",
            "practice_db/includes/home_latest_examples.html",
            "opportunities/includes/home_for_you.html",
            "practice_db/includes/home_forum_results.html",
        ],
        "side": ["bulletin/includes/latest_issue_panel.html"],
        "cards": [
            "learning_network/includes/home_search_card.html",
            "accounts/includes/home_profile_card.html",
        ],
    }
    assert by_region.keys() == expected.keys()
    for region, templates in expected.items():
        assert in_order(templates, by_region[region]), region
    links = plugins.work_links()
    assert [link.order for link in links] == sorted(link.order for link in links)
    assert in_order(
        [
            "practice_db:create",
            "practice_db:mine",
            "practice_db:following",
            "practice_db:queue",
            "bulletin:dashboard",
            "beacons:my_requests",
            "beacons:coordinating",
            "opportunities:mine",
            "leadership:mine",
            "leadership:coordinating",
        ],
        [link.url_name for link in links],
    )


def test_your_work_lists_the_links_each_role_may_follow(client_as):
    def your_work(persona):
        html = client_as(persona).get(reverse("home")).text
        section = html.split(">Your work</h2>")[1].split("</ul>")[0]
        return re.findall(r"<a [^>]*>([^<]+)</a>", section)

    everyone = ["Share an example", "Your examples", "What you follow", "My bookings"]
    for_roles = {
        "moderator_london": "Moderation queue",
        "editor": "ImpAct editor&#x27;s dashboard",
        "beacon_coordinator": "Beacons you coordinate",
        "programme_coordinator": "Leadership programmes you coordinate",
    }
    staff = your_work("staff")
    assert in_order(everyone, staff)
    assert not set(for_roles.values()) & set(staff)
    for persona, link in for_roles.items():
        links = your_work(persona)
        assert in_order(everyone, links), persona
        assert link in links, persona
        assert not (set(for_roles.values()) - {link}) & set(links), persona


def test_demo_data_loads_in_dependency_order():
    def loaded_after_what_they_name():
        loads = [data.load for data in plugins.demo_data()]
        for config, data in plugins._declared("demo_data", DemoData, single=True):
            for label in data.after:
                needed = apps.get_app_config(label).demo_data.load
                assert loads.index(needed) < loads.index(data.load), (config.label, label)
        return loads

    loads = loaded_after_what_they_name()
    assert loads[:4] == [
        "directory.demo.load",
        "accounts.demo.load",
        "practice_db.demo.load",
        "bulletin.demo.load",
    ]
    # Listed the other way round, each app still waits for the ones it names.
    reversed_apps = [*reversed(settings.INSTALLED_APPS)]
    with override_settings(INSTALLED_APPS=reversed_apps):
        loaded_after_what_they_name()


def test_the_persona_fixtures_are_the_apps_declarations(db, request):
    declared = plugins.personas()
    assert ["anonymous", *(persona.name for persona in declared)] == PERSONAS
    assert in_order(
        [
            "anonymous",
            "staff",
            "moderator_london",
            "moderator_trent",
            "national_moderator",
            "editor",
            "beacon_coordinator",
            "programme_coordinator",
            "coordinator",
            "site_admin",
        ],
        PERSONAS,
    )
    for persona in declared:
        user = request.getfixturevalue(persona.name)
        groups = set(user.groups.values_list("name", flat=True))
        expected_groups = set(persona.roles) | (
            {"Regional moderator"} if persona.moderates else set()
        )
        assert (user.email, user.full_name) == (persona.email, persona.full_name)
        assert user.organisation == request.getfixturevalue(persona.organisation)
        assert groups == expected_groups, persona.name
        assert set(user.moderated_regions.values_list("region__slug", flat=True)) == set(
            persona.moderates
        )
        assert user.is_superuser == user.is_staff == persona.site_admin


# A new app, as it would plug in: everything it gives the portal is in its AppConfig.

SCOPED: list[str] = []


def open_days_panel(user) -> dict:
    return {"open_days": ["Stroke unit open day", "Falls clinic open day"]}


def only_staff(user) -> bool:
    return user.email == "staff.member@trust.nhs.uk"


def load_networks() -> dict[str, int]:
    return {"Peer networks": 2}


def network_sign_ins() -> list[tuple[str, str]]:
    return [("network.lead@demo.nhs.uk", "Network lead")]


def lead_test_network(user) -> None:
    SCOPED.append(user.email)


class FakeNetworksConfig(AppConfig):
    name = "tests.learning_network"
    label = "fake_networks"

    navigation = NavEntry(
        "Peer networks", "accessibility", order=25, visible_to=f"{__name__}.only_staff"
    )
    home_panels = (
        HomePanel("fake_networks/home_open_days.html", context=open_days_panel, order=15),
    )
    work_links = (WorkLink("Your network meetings", "privacy", order=35),)
    demo_data = DemoData(load_networks, after=("bulletin",), sign_ins=network_sign_ins)
    personas = (
        Persona(
            "network_lead",
            email="network.lead@nhs.net",
            full_name="Nel Lead",
            organisation="trent_trust",
            roles=("Coordinator",),
            scope=f"{__name__}.lead_test_network",
            order=85,
        ),
    )


@pytest.fixture
def networks_installed(tmp_path):
    """The fake app installed first, so its place comes from its declarations alone."""
    folder = tmp_path / "fake_networks"
    folder.mkdir()
    (folder / "home_open_days.html").write_text(
        '<h2 class="nhsuk-heading-m">Open days</h2>'
        "<ul>{% for day in open_days %}<li>{{ day }}</li>{% endfor %}</ul>"
    )
    engine = settings.TEMPLATES[0]
    templates = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    installed = [f"{__name__}.FakeNetworksConfig", *settings.INSTALLED_APPS]
    with override_settings(INSTALLED_APPS=installed, TEMPLATES=templates):
        yield


def test_a_new_app_declaring_a_nav_entry_shows_up_in_its_place(
    networks_installed, client_as, staff
):
    labels = [entry.label for entry in plugins.navigation()]
    assert labels[1:3] == ["Practice database", "Peer networks"]
    html = client_as("staff").get(reverse("accessibility")).text
    shown = re.findall(r'class="nhsuk-header__navigation-link" href="[^"]+"[^>]*>(.*?)</a>', html)
    assert shown[1:4] == [
        "Practice database",
        '<strong class="nhsuk-header__navigation-item-current-fallback">Peer networks</strong>',
        "ImpAct",
    ]
    assert len(shown) == len([e for e in plugins.navigation() if e.is_visible_to(staff)])
    # visible_to keeps it from everyone else.
    assert "Peer networks" not in client_as("editor").get(reverse("home")).text


def test_a_new_app_adds_its_home_panel_and_work_link(networks_installed, client_as):
    html = client_as("staff").get(reverse("home")).text
    main = html.split('class="nhsuk-grid-column-two-thirds"')[1].split(
        "nhsuk-grid-column-one-third"
    )[0]
    assert main.index("Latest from the practice database") < main.index("Open days")
    assert "<li>Stroke unit open day</li><li>Falls clinic open day</li>" in main
    work = html.split(">Your work</h2>")[1].split("</ul>")[0]
    links = re.findall(r"<a [^>]*>([^<]+)</a>", work)
    assert links[2:4] == ["What you follow", "Your network meetings"]


def test_a_new_app_adds_its_demo_data_after_the_apps_it_names(
    db, networks_installed, settings, capsys
):
    loads = [data.load for data in plugins.demo_data()]
    assert loads.index("bulletin.demo.load") < loads.index(load_networks)
    settings.DEBUG = True
    call_command("load_demo_data")
    out = capsys.readouterr().out
    assert "ImpAct example links, 2 Peer networks" in out
    assert re.search(r"Demo sign-ins\n  network\.lead@demo\.nhs\.uk +Network lead", out)


def test_a_new_app_adds_a_persona_with_its_scope(db, networks_installed, request):
    persona = plugins.personas()[-2]
    assert (persona.name, plugins.personas()[-1].name) == ("network_lead", "site_admin")
    SCOPED.clear()
    user = make_persona(persona, request)
    assert SCOPED == ["network.lead@nhs.net"]
    assert list(user.groups.values_list("name", flat=True)) == ["Coordinator"]
    assert user.organisation.region.slug == "trent"


class BrokenConfig(AppConfig):
    name = "tests.learning_network"
    label = "broken"


@pytest.mark.parametrize(
    ("declarations", "error_id"),
    [
        ({"navigation": ("Beacons", "home")}, "learning_network.E001"),
        ({"home_panels": HomePanel("x.html")}, "learning_network.E001"),
        (
            {"work_links": (WorkLink("Requests", "home", visible_to="nowhere.at_all"),)},
            "learning_network.E002",
        ),
        ({"demo_data": DemoData("tests.learning_network.no_such_loader")}, "learning_network.E002"),
        ({"navigation": NavEntry("Networks", "networks:index")}, "learning_network.E003"),
        ({"demo_data": DemoData(load_networks, after=("networks",))}, "learning_network.E001"),
        ({"personas": (Persona("staff", "someone@nhs.net", "Someone"),)}, "learning_network.E001"),
    ],
)
def test_manage_check_reports_a_declaration_that_cannot_work(monkeypatch, declarations, error_id):
    for attribute, value in declarations.items():
        monkeypatch.setattr(BrokenConfig, attribute, value, raising=False)
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, f"{__name__}.BrokenConfig"]):
        errors = plugins.check_declarations()
    assert [error.id for error in errors] == [error_id]
    assert plugins.check_declarations() == []


def test_demo_data_that_waits_for_itself_is_refused(monkeypatch):
    monkeypatch.setattr(
        BrokenConfig, "demo_data", DemoData(load_networks, after=("bulletin",)), raising=False
    )
    monkeypatch.setattr(
        type(apps.get_app_config("bulletin")),
        "demo_data",
        DemoData("bulletin.demo.load", after=("broken",)),
    )
    installed = [*settings.INSTALLED_APPS, f"{__name__}.BrokenConfig"]
    cycle = "waits for itself: bulletin -> broken -> bulletin"
    with (
        override_settings(INSTALLED_APPS=installed),
        pytest.raises(ImproperlyConfigured, match=cycle),
    ):
        plugins.demo_data()


def test_a_home_panel_in_no_known_region_is_refused():
    with pytest.raises(ImproperlyConfigured, match="region 'footer' is not one of"):
        HomePanel("x.html", region="footer")
