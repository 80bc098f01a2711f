"""Shared fixtures: the fixed personas every test speaks of.

staff (London), the moderator of London (region A), the moderator of Trent
(region B), a national moderator, an editor, a coordinator and a site admin.
"""

import pytest
from django.apps import apps as django_apps
from django.test import Client

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


@pytest.fixture
def staff(london_trust):
    return UserFactory(
        email="staff.member@trust.nhs.uk", full_name="Sam Staff", organisation=london_trust
    )


@pytest.fixture
def moderator_london(london_trust):
    return UserFactory(
        email="moderator.london@ha.nhs.uk",
        full_name="Lena London",
        organisation=london_trust,
        regions=["london"],
    )


@pytest.fixture
def moderator_trent(trent_trust):
    return UserFactory(
        email="moderator.trent@ha.nhs.uk",
        full_name="Tariq Trent",
        organisation=trent_trust,
        regions=["trent"],
    )


@pytest.fixture
def national_moderator(london_trust):
    from accounts.models import Role

    return UserFactory(
        email="national.moderator@nhs.net",
        full_name="Nia National",
        organisation=london_trust,
        roles=[Role.NATIONAL_MODERATOR],
    )


@pytest.fixture
def editor(london_trust):
    from accounts.models import Role

    return UserFactory(
        email="editor@nhs.net",
        full_name="Eddie Editor",
        organisation=london_trust,
        roles=[Role.EDITOR],
    )


@pytest.fixture
def coordinator(trent_trust):
    from accounts.models import Role

    return UserFactory(
        email="coordinator@nhs.net",
        full_name="Cora Coordinator",
        organisation=trent_trust,
        roles=[Role.COORDINATOR],
    )


@pytest.fixture
def site_admin(london_trust):
    return UserFactory(
        email="site.admin@nhs.net",
        full_name="Ada Admin",
        organisation=london_trust,
        is_staff=True,
        is_superuser=True,
    )


PERSONAS = [
    "anonymous",
    "staff",
    "moderator_london",
    "moderator_trent",
    "national_moderator",
    "editor",
    "coordinator",
    "site_admin",
]


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
