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
from opportunities.registry import SessionInterests


class PracticeDbConfig(AppConfig):
    name = "practice_db"
    verbose_name = "National Database of Service Delivery Practice"

    # What the portal gets from this app: see learning_network.plugins.
    navigation = (
        NavEntry("Practice database", "practice_db:browse", "practice_db", order=20),
        NavEntry(
            "Moderation queue",
            "practice_db:queue",
            order=25,
            visible_to="accounts.permissions.is_moderator",
        ),
    )
    home_panels = (
        HomePanel(
            "practice_db/includes/home_latest_examples.html",
            context="practice_db.home.latest_examples",
            region="main",
            order=10,
        ),
        HomePanel(
            "practice_db/includes/home_forum_results.html",
            context="practice_db.home.forum_results",
            region="main",
            order=40,
        ),
    )
    work_links = (
        WorkLink("Share an example", "practice_db:create", order=10),
        WorkLink(
            "Your examples", "practice_db:mine", order=20, summary="practice_db.home.own_summary"
        ),
        WorkLink("What you follow", "practice_db:following", order=25),
        WorkLink(
            "Moderation queue",
            "practice_db:queue",
            order=30,
            visible_to="accounts.permissions.is_moderator",
            summary="practice_db.home.queue_summary",
        ),
    )
    # Sessions on the topics a person follows or wrote about are "For you".
    session_interests = SessionInterests("practice_db.home.my_topic_ids")
    search_kinds = (
        SearchKind("Practice examples", "practice_db.search_kind.search", "practice_db:search", 10),
        SearchKind("Research projects", "practice_db.research.search", "practice_db:research", 90),
    )
    demo_data = DemoData("practice_db.demo.load", after=("directory", "accounts"))
    benchmark_pages = (
        BenchmarkPage("practice: front page", "practice_db:browse", order=20),
        BenchmarkPage(
            "practice: front page, page 2", "practice_db:browse", query="page=2", order=21
        ),
        BenchmarkPage("practice: topics", "practice_db:topics", order=22),
        BenchmarkPage(
            "practice: a topic",
            "practice_db:topic",
            args="practice_db.benchmark.a_parent_topic",
            order=23,
        ),
        BenchmarkPage(
            "practice: a region", "practice_db:region", args=lambda: ("london",), order=24
        ),
        BenchmarkPage(
            "practice: an organisation",
            "practice_db:organisation",
            args="practice_db.benchmark.an_organisation",
            order=25,
        ),
        BenchmarkPage(
            "practice: an example",
            "practice_db:example",
            args="practice_db.benchmark.an_example",
            order=26,
        ),
        BenchmarkPage(
            "practice: search, a word", "practice_db:search", query="q=diabetes", order=27
        ),
        BenchmarkPage(
            "practice: search, a title",
            "practice_db:search",
            query="q=reducing+waiting+times+through+booking",
            order=28,
        ),
        BenchmarkPage("practice: your examples", "practice_db:mine", order=29),
        BenchmarkPage("practice: saved searches", "practice_db:saved_searches", order=29),
        BenchmarkPage("practice: you follow", "practice_db:following", order=29),
        BenchmarkPage("practice: spread map", "practice_db:spread", order=29),
        BenchmarkPage("practice: research", "practice_db:research", order=29),
        BenchmarkPage(
            "practice: a research project",
            "practice_db:research_project",
            args="practice_db.benchmark.a_research_project",
            order=29,
        ),
    )
    personas = (
        Persona(
            "moderator_london",
            email="moderator.london@ha.nhs.uk",
            full_name="Lena London",
            moderates=("london",),
            order=20,
        ),
        Persona(
            "moderator_trent",
            email="moderator.trent@ha.nhs.uk",
            full_name="Tariq Trent",
            organisation="trent_trust",
            moderates=("trent",),
            order=21,
        ),
        Persona(
            "national_moderator",
            email="national.moderator@nhs.net",
            full_name="Nia National",
            roles=("National moderator",),
            order=22,
        ),
    )

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from directory.models import Organisation, Region, Topic
        from practice_db.published import forget_on_reference_change

        # Search results, facets and counts name these: a change in the admin
        # shows on the next page, not when the version next expires.
        for model in (Region, Topic, Organisation):
            post_save.connect(forget_on_reference_change, sender=model)
            post_delete.connect(forget_on_reference_change, sender=model)
