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


class BulletinConfig(AppConfig):
    name = "bulletin"
    verbose_name = "ImpAct bulletin"

    # What the portal gets from this app: see learning_network.plugins.
    navigation = (
        NavEntry("ImpAct", "bulletin:current", "bulletin", order=30),
        NavEntry(
            "Editor's dashboard",
            "bulletin:dashboard",
            order=35,
            visible_to="bulletin.permissions.can_edit_bulletin",
        ),
    )
    home_panels = (
        HomePanel(
            "bulletin/includes/latest_issue_panel.html",
            context="bulletin.home.latest_issue",
            region="side",
            order=20,
        ),
    )
    work_links = (
        WorkLink(
            "ImpAct editor's dashboard",
            "bulletin:dashboard",
            order=40,
            visible_to="bulletin.permissions.can_edit_bulletin",
            summary="bulletin.home.editor_summary",
        ),
    )
    search_kinds = (
        SearchKind(
            "ImpAct stories",
            "bulletin.search.search",
            "bulletin:search",
            80,
            noun="ImpAct stories",
        ),
    )
    demo_data = DemoData("bulletin.demo.load", after=("directory", "accounts", "practice_db"))
    benchmark_pages = (
        BenchmarkPage("ImpAct: current issue", "bulletin:current", order=30),
        BenchmarkPage("ImpAct: back issues", "bulletin:issues", order=31),
        BenchmarkPage(
            "ImpAct: an issue", "bulletin:issue", args="bulletin.benchmark.an_issue", order=32
        ),
        BenchmarkPage(
            "ImpAct: a story", "bulletin:story", args="bulletin.benchmark.a_story", order=33
        ),
        BenchmarkPage("ImpAct: subjects", "bulletin:subjects", order=34),
        BenchmarkPage(
            "ImpAct: a subject", "bulletin:subject", args="bulletin.benchmark.a_subject", order=35
        ),
    )
    personas = (
        Persona(
            "editor",
            email="editor@nhs.net",
            full_name="Eddie Editor",
            roles=("Editor",),
            order=30,
        ),
    )
