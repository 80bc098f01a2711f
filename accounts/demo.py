"""Demo accounts, one for every role. Used only by the `load_demo_data` command."""

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import RegionalModerator, Role, User
from directory.models import Organisation, Region

DEMO_PASSWORD = "learning-network-demo"  # noqa: S105 (demo data, never in production)

# (email, full name, job title, organisation code, role groups, site admin)
PEOPLE: list[tuple[str, str, str, str, list[Role], bool]] = [
    ("staff@demo.nhs.uk", "Sam Okafor", "Service improvement manager", "LO001", [], False),
    ("editor@demo.nhs.uk", "Eleanor Price", "ImpAct editor", "TR003", [Role.EDITOR], False),
    (
        "national.moderator@demo.nhs.uk",
        "Nadia Hussain",
        "National practice database lead",
        "WM002",
        [Role.NATIONAL_MODERATOR],
        False,
    ),
    (
        "coordinator@demo.nhs.uk",
        "Colin Marsh",
        "Beacon programme coordinator",
        "SW001",
        [Role.COORDINATOR],
        False,
    ),
    ("admin@demo.nhs.uk", "Alex Turner", "Learning Network site admin", "EA002", [], True),
]

# A regional moderator for each region, at its health authority.
MODERATOR_NAMES = {
    "northern-and-yorkshire": ("Helen Armstrong", "NY003"),
    "trent": ("Rajesh Patel", "TR003"),
    "west-midlands": ("Gwen Llewellyn", "WM002"),
    "north-west": ("Michael Byrne", "NW002"),
    "eastern": ("Fiona Reid", "EA002"),
    "london": ("Adebayo Adeyemi", "LO002"),
    "south-east": ("Caroline Hughes", "SE002"),
    "south-west": ("Tom Pascoe", "SW002"),
}


def demo_sign_ins() -> list[tuple[str, str]]:
    """(email, role) for every demo account, in the order the README lists them."""
    rows = [
        ("staff@demo.nhs.uk", "Staff"),
        ("editor@demo.nhs.uk", "ImpAct editor"),
        ("national.moderator@demo.nhs.uk", "National moderator"),
        ("coordinator@demo.nhs.uk", "Coordinator"),
        ("admin@demo.nhs.uk", "Site admin"),
    ]
    regions = dict(Region.objects.values_list("slug", "name"))
    for slug in MODERATOR_NAMES:
        rows.append((f"moderator.{slug}@demo.nhs.uk", f"Regional moderator, {regions[slug]}"))
    return rows


def _ensure_user(
    email: str, full_name: str, job_title: str, organisation_code: str, **flags
) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email=email,
        password=DEMO_PASSWORD,
        full_name=full_name,
        job_title=job_title,
        organisation=Organisation.objects.get(code=organisation_code),
        email_verified_at=timezone.now(),
        **flags,
    )
    return user, True


def load() -> dict[str, int]:
    """Create the demo accounts that are missing; existing ones are left alone."""
    created = 0
    groups = {group.name: group for group in Group.objects.all()}
    for email, name, title, code, roles, site_admin in PEOPLE:
        flags = {"is_staff": True, "is_superuser": True} if site_admin else {}
        user, made = _ensure_user(email, name, title, code, **flags)
        if made:
            user.groups.add(*(groups[role.value] for role in roles))
            created += 1
    for slug, (name, code) in MODERATOR_NAMES.items():
        user, made = _ensure_user(
            f"moderator.{slug}@demo.nhs.uk", name, "Regional practice moderator", code
        )
        if made:
            user.groups.add(groups[Role.REGIONAL_MODERATOR.value])
            RegionalModerator.objects.create(user=user, region=Region.objects.get(slug=slug))
            created += 1
    return {"accounts": created}
