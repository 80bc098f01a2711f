from django.apps import AppConfig

from learning_network.plugins import DemoData


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory (regions, organisations, topics)"

    # What the portal gets from this app: see learning_network.plugins.
    demo_data = DemoData("directory.demo.load")
