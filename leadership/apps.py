from django.apps import AppConfig

from learning_network.plugins import (
    BenchmarkPage,
    DemoData,
    NavEntry,
    Persona,
    SearchKind,
    WorkLink,
)
from opportunities.registry import CalendarEntries


class LeadershipConfig(AppConfig):
    name = "leadership"
    verbose_name = "Leadership programmes"

    # What the portal gets from this app: see learning_network.plugins.
    navigation = NavEntry("Leadership", "leadership:index", "leadership", order=60)
    work_links = (
        WorkLink("Your programme applications", "leadership:mine", order=60),
        WorkLink(
            "Leadership programmes you coordinate",
            "leadership:coordinating",
            order=61,
            visible_to="leadership.permissions.coordinates_any_programme",
        ),
    )
    # Cohorts' application windows, as "Applications open" in the calendar of
    # learning opportunities (opportunities.registry).
    calendar_entries = CalendarEntries("leadership.calendar.calendar_entries")
    demo_data = DemoData(
        "leadership.demo.load",
        after=("directory", "accounts"),
        sign_ins="leadership.demo.demo_sign_ins",
        password="accounts.demo.DEMO_PASSWORD",  # noqa: S106 (where it is, not what)
    )
    benchmark_pages = (
        BenchmarkPage("leadership: programmes", "leadership:index", order=60),
        BenchmarkPage(
            "leadership: a programme",
            "leadership:programme",
            args="leadership.benchmark.a_programme",
            order=61,
        ),
        BenchmarkPage("leadership: your applications", "leadership:mine", order=62),
        BenchmarkPage(
            "leadership: programmes, a word", "leadership:index", query="q=nurse", order=63
        ),
    )
    search_kinds = (
        SearchKind("Leadership programmes", "leadership.search.search", "leadership:index", 50),
    )
    personas = (
        Persona(
            "programme_coordinator",
            email="programme.coordinator@nhs.net",
            full_name="Priya Programme",
            roles=("Coordinator",),
            scope="tests.leadership.factories.coordinate_test_programme",
            order=70,
        ),
        Persona(
            "another_programme_coordinator",
            email="another.programme.coordinator@nhs.net",
            full_name="Owen Otherprogramme",
            organisation="trent_trust",
            roles=("Coordinator",),
            scope="tests.leadership.factories.coordinate_another_programme",
            order=71,
        ),
    )
