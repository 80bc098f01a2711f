from django.apps import AppConfig
from django.core import checks

from learning_network.plugins import BenchmarkPage, HomePanel, NavEntry


class LearningNetworkConfig(AppConfig):
    name = "learning_network"
    verbose_name = "NHS Learning Network"

    # The project plugs in like any app (see learning_network.plugins).
    navigation = NavEntry("Home", "home", order=0)
    home_panels = (
        HomePanel(
            "learning_network/includes/home_your_work.html",
            context="learning_network.views.your_work",
            region="main",
            order=0,
        ),
        HomePanel("learning_network/includes/home_search_card.html", region="cards", order=10),
    )

    benchmark_pages = (
        BenchmarkPage("home", "home", order=10),
        BenchmarkPage("site search", "search", query="q=london", order=11),
        BenchmarkPage("accessibility statement", "accessibility", order=90),
        BenchmarkPage("privacy notice", "privacy", order=91),
    )

    def ready(self) -> None:
        from learning_network.plugins import check_declarations

        checks.register(check_declarations)
