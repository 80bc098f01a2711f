from django.apps import AppConfig

from learning_network.plugins import (
    BenchmarkPage,
    DemoData,
    NavEntry,
    Persona,
    SearchKind,
    WorkLink,
)
from opportunities.registry import Organisers


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Management training"

    # What the portal gets from this app: see learning_network.plugins.
    navigation = NavEntry("Training", "training:index", "training", order=60)
    work_links = (
        WorkLink(
            "Courses you run",
            "training:provider_home",
            order=50,
            visible_to="training.permissions.is_course_coordinator",
        ),
    )
    search_kinds = (SearchKind("Courses", "training.search.search", "training:index", 40),)
    benchmark_pages = (
        BenchmarkPage("training: courses", "training:index", order=55),
        BenchmarkPage(
            "training: a course", "training:course", args="training.benchmark.a_course", order=56
        ),
        BenchmarkPage("training: courses, a word", "training:index", query="q=budget", order=57),
        BenchmarkPage("training: new to management", "training:for_clinicians", order=58),
        BenchmarkPage("training: contacts", "training:contacts", order=59),
    )
    demo_data = DemoData("training.demo.load", after=("directory", "accounts", "practice_db"))
    personas = (
        Persona(
            "course_provider",
            email="course.provider@nhs.net",
            full_name="Cora Provider",
            roles=("Coordinator",),
            scope="tests.training.factories.provide_test_course",
            order=72,
        ),
        Persona(
            "another_course_provider",
            email="another.course.provider@nhs.net",
            full_name="Amos Provider",
            organisation="trent_trust",
            roles=("Coordinator",),
            scope="tests.training.factories.provide_other_course",
            order=73,
        ),
    )
    # The engine asks this app who organises course intakes (Kind.COURSE_INTAKE;
    # the models cannot be imported while apps load).
    session_organisers = (Organisers("course_intake", "training.permissions.organised_sessions_q"),)
