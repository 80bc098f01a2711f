"""Shared fixtures: the fixed personas every test speaks of.

Each app declares its personas in its AppConfig (learning_network.plugins):
staff (London), the moderator of London (region A), the moderator of Trent
(region B), a national moderator, an editor, a coordinator and a site admin.
"""

import pytest
from django.apps import apps as django_apps
from django.test import Client

from learning_network import plugins, request_memo
from learning_network.plugins import Persona
from tests.factories import OrganisationFactory, UserFactory, region


@pytest.fixture
def reference_data(db):
    """Put back the regions and role groups the migrations load.

    Tests on a transactional database (browser tests) empty every table when
    they finish; the ones after them still expect the migrations' data.
    """
    import importlib

    regions = importlib.import_module("directory.migrations.0002_regions")
    groups = importlib.import_module("accounts.migrations.0002_role_groups")
    regions.add_regions(django_apps, None)
    groups.add_groups(django_apps, None)


@pytest.fixture
def london(db):
    return region("london")


@pytest.fixture
def trent(db):
    return region("trent")


@pytest.fixture
def london_trust(london):
    return OrganisationFactory(name="Thames Test Hospitals NHS Trust", region=london)


@pytest.fixture
def trent_trust(trent):
    return OrganisationFactory(name="Sherwood Test Hospitals NHS Trust", region=trent)


def make_persona(persona: Persona, request: pytest.FixtureRequest):
    """The user a persona declaration describes (see learning_network.plugins.Persona)."""
    from accounts.models import Role

    user = UserFactory(
        email=persona.email,
        full_name=persona.full_name,
        organisation=request.getfixturevalue(persona.organisation),
        roles=[Role(name) for name in persona.roles],
        regions=list(persona.moderates),
        is_staff=persona.site_admin,
        is_superuser=persona.site_admin,
    )
    if persona.scope is not None:
        plugins.resolve(persona.scope)(user)
    return user


def _persona_fixture(persona: Persona):
    def persona_fixture(request, db):
        return make_persona(persona, request)

    persona_fixture.__doc__ = f"{persona.full_name} <{persona.email}>, declared by an app."
    return pytest.fixture(persona_fixture, name=persona.name)


# One fixture per persona the installed apps declare in their AppConfig:
# staff, moderator_london, moderator_trent, national_moderator, editor,
# coordinator, site_admin, and whoever a new app adds.
for _persona in plugins.personas():
    globals()[_persona.name] = _persona_fixture(_persona)

PERSONAS = ["anonymous", *(persona.name for persona in plugins.personas())]


@pytest.fixture
def client_as(request, db):
    """client_as("editor") is a test client signed in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many accounts; the real hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def nothing_remembered_between_tests():
    """A streaming response a test never reads to its end never finishes its
    request: what that request remembered (learning_network.request_memo)
    must not reach the next test's direct calls."""
    yield
    request_memo._local.values = None


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks (every email) run in the test's own thread once the
    transaction commits, so that `mailoutbox` fills as a worker would fill an
    inbox. Tests of the worker itself switch to the database queue
    (`tests/task_worker.py`)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def pages_cache_off(request, settings):
    """Most tests make examples straight into the database, which the pages
    cache is not told of (the services tell it once their transaction
    commits, which a test's transaction never does), so a search made twice
    in one test would show the first answer. The pages cache keeps nothing
    in tests unless a test asks for it (`@pytest.mark.pages_cache`:
    tests/practice_db/test_pages_cache.py)."""
    if request.node.get_closest_marker("pages_cache") is None:
        settings.CACHES = {
            **settings.CACHES,
            "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        }


# -- Demo data, loaded once for the tests of a module -------------------------------

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo_data() -> str:
    """Run `load_demo_data` as `make run` does; return what it printed."""
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    printed = StringIO()
    with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        call_command("load_demo_data", stdout=printed)
    return printed.getvalue()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The whole demo data, loaded once for the module that asks for it.

    Rolled back after the module's last test; each test's own changes are
    rolled back after it as usual. Yields what the command printed. Not for
    transactional tests (browser tests): they load it themselves.
    """
    from tests.helpers import rows_for_scope

    yield from rows_for_scope(django_db_blocker, load_demo_data)
