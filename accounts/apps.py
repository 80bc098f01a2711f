from django.apps import AppConfig

from learning_network.plugins import BenchmarkPage, DemoData, HomePanel, Persona


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    # What the portal gets from this app: see learning_network.plugins.
    home_panels = (
        HomePanel(
            "accounts/includes/home_profile_notice.html",
            context="accounts.home.profile_notice",
            region="notice",
            order=10,
        ),
        HomePanel(
            "accounts/includes/home_profile_card.html",
            context="accounts.home.profile_card",
            region="cards",
            order=20,
        ),
    )
    benchmark_pages = (BenchmarkPage("accounts: your profile", "accounts:profile", order=70),)
    demo_data = DemoData(
        "accounts.demo.load",
        after=("directory",),
        sign_ins="accounts.demo.demo_sign_ins",
        password="accounts.demo.DEMO_PASSWORD",  # noqa: S106 (where it is, not what)
    )
    # The coordinator holds only the role for now; each app with something
    # to coordinate (a Beacon, a Learning Centre, ...) declares its own,
    # scoped to that thing.
    personas = (
        Persona("staff", email="staff.member@trust.nhs.uk", full_name="Sam Staff", order=10),
        Persona(
            "coordinator",
            email="coordinator@nhs.net",
            full_name="Cora Coordinator",
            organisation="trent_trust",
            roles=("Coordinator",),
            order=80,
        ),
        Persona(
            "site_admin",
            email="site.admin@nhs.net",
            full_name="Ada Admin",
            site_admin=True,
            order=90,
        ),
    )
