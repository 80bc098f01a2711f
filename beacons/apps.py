from django.apps import AppConfig

from learning_network.plugins import (
    BenchmarkPage,
    DemoData,
    NavEntry,
    Persona,
    SearchKind,
    WorkLink,
)
from opportunities.registry import Organisers, OtherBookings
from practice_db.registry import SpreadSource


class BeaconsConfig(AppConfig):
    name = "beacons"
    verbose_name = "Beacon Services"

    # What the portal gets from this app: see learning_network.plugins.
    navigation = NavEntry("Beacons", "beacons:index", "beacons", order=40)
    work_links = (
        WorkLink("Your Beacon visit requests", "beacons:my_requests", order=45),
        WorkLink(
            "Beacons you coordinate",
            "beacons:coordinating",
            order=46,
            visible_to="beacons.permissions.coordinates_any",
        ),
        WorkLink(
            "Overdue Beacon visit requests",
            "beacons:overdue",
            order=47,
            visible_to="beacons.permissions.can_designate",
        ),
    )
    search_kinds = (SearchKind("Beacons", "beacons.search_kind.search", "beacons:index", 20),)
    demo_data = DemoData("beacons.demo.load", after=("directory", "accounts", "practice_db"))
    # The booking engine asks which open days a person organises (its
    # Kind.BEACON_OPEN_DAY, by value: apps.py imports no models).
    session_organisers = (
        Organisers("beacon_open_day", "beacons.permissions.organised_sessions_q"),
    )
    # Confirmed visits are listed on the engine's My bookings, for the visitor
    # and for the coordinator who hosts them.
    other_bookings = (OtherBookings("beacons.calendar.visits_for"),)
    # Examples visitors wrote from a visit or open day count on the spread map.
    spread_sources = (SpreadSource("Beacon visits", "beacons.spread.examples_written"),)
    benchmark_pages = (
        BenchmarkPage("beacons: Beacons", "beacons:index", order=40),
        BenchmarkPage("beacons: search, a word", "beacons:index", query="q=stroke", order=41),
        BenchmarkPage(
            "beacons: search, a theme", "beacons:index", query="theme=mental_health", order=42
        ),
        BenchmarkPage(
            "beacons: a Beacon", "beacons:detail", args="beacons.benchmark.a_beacon", order=43
        ),
        BenchmarkPage(
            "beacons: ask to visit",
            "beacons:request_visit",
            args="beacons.benchmark.a_beacon",
            order=44,
        ),
        BenchmarkPage("beacons: your visit requests", "beacons:my_requests", order=45),
    )
    personas = (
        Persona(
            "beacon_coordinator",
            email="beacon.coordinator@nhs.net",
            full_name="Bea Coordinator",
            roles=("Coordinator",),
            scope="tests.beacons.factories.coordinate_test_beacon",
            order=60,
        ),
        Persona(
            "another_beacon_coordinator",
            email="another.beacon.coordinator@nhs.net",
            full_name="Ben Otherbeacon",
            organisation="trent_trust",
            roles=("Coordinator",),
            scope="tests.beacons.factories.coordinate_another_beacon",
            order=61,
        ),
    )
