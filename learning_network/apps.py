from django.apps import AppConfig


class LearningNetworkConfig(AppConfig):
    name = "learning_network"
    verbose_name = "NHS Learning Network"
