from django.apps import AppConfig

from learning_network.plugins import DemoData, HomePanel, NavEntry, Persona, WorkLink


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
