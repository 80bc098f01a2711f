from django.apps import AppConfig

from learning_network.plugins import DemoData, NavEntry, Persona, WorkLink


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
    demo_data = DemoData(
        "leadership.demo.load",
        after=("directory", "accounts"),
        sign_ins="leadership.demo.demo_sign_ins",
        password="accounts.demo.DEMO_PASSWORD",  # noqa: S106 (where it is, not what)
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
