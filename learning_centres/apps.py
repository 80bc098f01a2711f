from django.apps import AppConfig

from learning_network.plugins import (
    BenchmarkPage,
    DemoData,
    HomePanel,
    NavEntry,
    Persona,
    SearchKind,
    WorkLink,
)
from opportunities.registry import Organisers
from practice_db.registry import SpreadSource


class LearningCentresConfig(AppConfig):
    name = "learning_centres"
    verbose_name = "Learning Centres"

    # What the portal gets from this app: see learning_network.plugins.
    navigation = NavEntry(
        "Learning Centres", "learning_centres:regions", "learning_centres", order=45
    )
    home_panels = (
        HomePanel(
            "learning_centres/includes/home_your_centre.html",
            context="learning_centres.home.your_centre",
            region="side",
            order=10,
        ),
    )
    work_links = (
        WorkLink(
            "Your Learning Centre",
            "learning_centres:mine",
            order=50,
            visible_to="learning_centres.home.coordinates_a_centre",
        ),
    )
    # The engine asks who organises its Learning Centre events: opportunities.registry.
    session_organisers = (
        # opportunities.models.Kind.LEARNING_CENTRE_EVENT (apps.py imports no models).
        Organisers("learning_centre_event", "learning_centres.permissions.organised_sessions_q"),
    )
    # Examples attendees wrote after an event count on the spread map.
    spread_sources = (
        SpreadSource("Learning Centre events", "learning_centres.spread.examples_written"),
    )
    search_kinds = (
        SearchKind(
            "Learning Centres",
            "learning_centres.search.search_centres",
            "learning_centres:search",
            30,
            noun="Learning Centres",
        ),
        SearchKind(
            "Learning Centre events",
            "learning_centres.search.search_events",
            "learning_centres:event_search",
            35,
            noun="Learning Centre events",
        ),
    )
    benchmark_pages = (
        BenchmarkPage("learning centres: regions", "learning_centres:regions", order=45),
        BenchmarkPage(
            "learning centres: a centre",
            "learning_centres:centre",
            args="learning_centres.benchmark.a_centre",
            order=46,
        ),
        BenchmarkPage(
            "learning centres: search, a word",
            "learning_centres:search",
            query="q=peer+learning",
            order=47,
        ),
        BenchmarkPage(
            "learning centres: events, a word",
            "learning_centres:event_search",
            query="q=workshop",
            order=48,
        ),
    )
    demo_data = DemoData(
        "learning_centres.demo.load",
        after=("directory", "accounts", "practice_db"),
        sign_ins="learning_centres.demo.demo_sign_ins",
        password="accounts.demo.DEMO_PASSWORD",  # noqa: S106 (where it is, not what)
    )
    personas = (
        Persona(
            "centre_coordinator",
            email="centre.coordinator@nhs.net",
            full_name="Carys Centre",
            roles=("Coordinator",),
            scope="tests.learning_centres.factories.coordinate_london_centre",
            order=70,
        ),
        Persona(
            "another_centre_coordinator",
            email="another.centre.coordinator@nhs.net",
            full_name="Tom Trentcentre",
            organisation="trent_trust",
            roles=("Coordinator",),
            scope="tests.learning_centres.factories.coordinate_trent_centre",
            order=71,
        ),
    )
