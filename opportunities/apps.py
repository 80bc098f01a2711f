from django.apps import AppConfig

from learning_network.plugins import NavEntry


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Learning opportunities"

    # What the portal gets from this app: see learning_network.plugins. The
    # apps that own sessions answer who organises them: opportunities.registry.
    navigation = NavEntry(
        "Learning opportunities", "opportunities:calendar", "opportunities", order=50
    )
