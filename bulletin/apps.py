from django.apps import AppConfig

from learning_network.plugins import (
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
    navigation = NavEntry("ImpAct", "bulletin:current", "bulletin", order=30)
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
    personas = (
        Persona(
            "editor",
            email="editor@nhs.net",
            full_name="Eddie Editor",
            roles=("Editor",),
            order=30,
        ),
    )
