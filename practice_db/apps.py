from django.apps import AppConfig


class PracticeDbConfig(AppConfig):
    name = "practice_db"
    verbose_name = "National Database of Service Delivery Practice"
