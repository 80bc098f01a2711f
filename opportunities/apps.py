from django.apps import AppConfig

from learning_network.plugins import BenchmarkPage, HomePanel, NavEntry, WorkLink


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Learning opportunities"

    # What the portal gets from this app: see learning_network.plugins. The
    # apps that own sessions answer who organises them: opportunities.registry.
    navigation = NavEntry(
        "Learning opportunities", "opportunities:calendar", "opportunities", order=50
    )
    home_panels = (
        HomePanel(
            "opportunities/includes/home_for_you.html",
            context="opportunities.home.for_you",
            region="main",
            order=30,
        ),
    )
    work_links = (WorkLink("My bookings", "opportunities:mine", order=50),)
    benchmark_pages = (
        BenchmarkPage("opportunities: calendar", "opportunities:calendar", order=50),
        BenchmarkPage(
            "opportunities: a session",
            "opportunities:session",
            args="opportunities.benchmark.a_session",
            order=51,
        ),
        BenchmarkPage("opportunities: your bookings", "opportunities:mine", order=52),
    )
