from django.apps import AppConfig

from learning_network.plugins import DemoData, HomePanel, NavEntry, Persona, WorkLink


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
    )
    work_links = (
        WorkLink("Share an example", "practice_db:create", order=10),
        WorkLink(
            "Your examples", "practice_db:mine", order=20, summary="practice_db.home.own_summary"
        ),
        WorkLink(
            "Moderation queue",
            "practice_db:queue",
            order=30,
            visible_to="accounts.permissions.is_moderator",
            summary="practice_db.home.queue_summary",
        ),
    )
    demo_data = DemoData("practice_db.demo.load", after=("directory", "accounts"))
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
