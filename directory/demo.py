"""Demo reference data: organisations in every region and the subject index.

Written to feel like the NHS of 1999-2001, in our own words. Used only by the
`load_demo_data` command.
"""

from directory.models import Organisation, OrganisationType, Region, Topic

T = OrganisationType

# (code, name, type) per region slug.
ORGANISATIONS: dict[str, list[tuple[str, str, str]]] = {
    "northern-and-yorkshire": [
        ("NY001", "Tyneside Riverside Hospitals NHS Trust", T.NHS_TRUST),
        ("NY002", "Wensleydale and Swaledale Community NHS Trust", T.NHS_TRUST),
        ("NY003", "North Cumbria Moorland Health Authority", T.HEALTH_AUTHORITY),
        ("NY004", "Airedale Valley Primary Care Group", T.PRIMARY_CARE_GROUP),
        ("NY005", "Teesmouth Mental Health NHS Trust", T.NHS_TRUST),
        ("NY006", "Holderness Road Surgery", T.GENERAL_PRACTICE),
    ],
    "trent": [
        ("TR001", "Sherwood Vale Hospitals NHS Trust", T.NHS_TRUST),
        ("TR002", "Peak Fringe Community Health NHS Trust", T.NHS_TRUST),
        ("TR003", "South Humber Health Authority", T.HEALTH_AUTHORITY),
        ("TR004", "Soar Valley Primary Care Group", T.PRIMARY_CARE_GROUP),
        ("TR005", "Lincoln Wolds Primary Care Trust", T.PRIMARY_CARE_TRUST),
        ("TR006", "Derwent Side Ambulance NHS Trust", T.NHS_TRUST),
    ],
    "west-midlands": [
        ("WM001", "Black Country Heartlands NHS Trust", T.NHS_TRUST),
        ("WM002", "Severn Marches Health Authority", T.HEALTH_AUTHORITY),
        ("WM003", "Arden Forest Primary Care Group", T.PRIMARY_CARE_GROUP),
        ("WM004", "Potteries Community and Mental Health NHS Trust", T.NHS_TRUST),
        ("WM005", "Malvern Hills Primary Care Trust", T.PRIMARY_CARE_TRUST),
        ("WM006", "Edgbaston Green Medical Practice", T.GENERAL_PRACTICE),
    ],
    "north-west": [
        ("NW001", "Mersey Estuary Hospitals NHS Trust", T.NHS_TRUST),
        ("NW002", "Pennine Edge Health Authority", T.HEALTH_AUTHORITY),
        ("NW003", "Fylde Coast Primary Care Group", T.PRIMARY_CARE_GROUP),
        ("NW004", "Irwell Valley Mental Health NHS Trust", T.NHS_TRUST),
        ("NW005", "Lune and Kent Community NHS Trust", T.NHS_TRUST),
        ("NW006", "Salford Quays Primary Care Trust", T.PRIMARY_CARE_TRUST),
    ],
    "eastern": [
        ("EA001", "Fenland and Ouse Hospitals NHS Trust", T.NHS_TRUST),
        ("EA002", "Broadland Coast Health Authority", T.HEALTH_AUTHORITY),
        ("EA003", "Stour Valley Primary Care Group", T.PRIMARY_CARE_GROUP),
        ("EA004", "Chiltern Edge Community NHS Trust", T.NHS_TRUST),
        ("EA005", "Cam Valley Primary Care Trust", T.PRIMARY_CARE_TRUST),
        ("EA006", "Brecklands Mental Health NHS Trust", T.NHS_TRUST),
    ],
    "london": [
        ("LO001", "Thames Bankside Hospitals NHS Trust", T.NHS_TRUST),
        ("LO002", "North Central London Health Authority", T.HEALTH_AUTHORITY),
        ("LO003", "Lea Valley Primary Care Group", T.PRIMARY_CARE_GROUP),
        ("LO004", "Southwark and Lambeth Mental Health NHS Trust", T.NHS_TRUST),
        ("LO005", "Hillingdon Fields Primary Care Trust", T.PRIMARY_CARE_TRUST),
        ("LO006", "Docklands Health Centre", T.GENERAL_PRACTICE),
    ],
    "south-east": [
        ("SE001", "Weald and Downs Hospitals NHS Trust", T.NHS_TRUST),
        ("SE002", "Solent Shore Health Authority", T.HEALTH_AUTHORITY),
        ("SE003", "Medway Towns Primary Care Group", T.PRIMARY_CARE_GROUP),
        ("SE004", "Thames Valley Downs Community NHS Trust", T.NHS_TRUST),
        ("SE005", "Romney Marsh Primary Care Trust", T.PRIMARY_CARE_TRUST),
        ("SE006", "Cherwell Vale Mental Health NHS Trust", T.NHS_TRUST),
    ],
    "south-west": [
        ("SW001", "Tamar Valley Hospitals NHS Trust", T.NHS_TRUST),
        ("SW002", "Wessex Downs Health Authority", T.HEALTH_AUTHORITY),
        ("SW003", "Mendip Hills Primary Care Group", T.PRIMARY_CARE_GROUP),
        ("SW004", "Cotswold Edge Community NHS Trust", T.NHS_TRUST),
        ("SW005", "Penwith and Kerrier Primary Care Trust", T.PRIMARY_CARE_TRUST),
        ("SW006", "Exe Estuary Mental Health NHS Trust", T.NHS_TRUST),
    ],
}

# The subject index: top-level subject -> its sub-topics.
TOPICS: dict[str, list[str]] = {
    "Access and waiting": [
        "Waiting lists and times",
        "Outpatients",
        "Emergency admissions",
        "Discharge and bed management",
    ],
    "Primary care": ["General practice", "Community pharmacy", "Primary care groups"],
    "Clinical priorities": [
        "Cancer",
        "Coronary heart disease",
        "Stroke",
        "Diabetes",
        "Mental health",
        "Palliative care",
        "Personality disorder",
        "Older people's services",
    ],
    "Health improvement": ["Smoking cessation", "Teenage pregnancy", "Health inequalities"],
    "Workforce": [
        "Human resources",
        "Recruitment and retention",
        "Leadership",
        "Management development",
    ],
    "Quality and governance": ["Clinical governance", "Patient involvement", "Clinical audit"],
    "Information": ["Electronic records", "Telephone advice services"],
}


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name.replace("'", ""))


def load() -> dict[str, int]:
    """Create what is missing; running it again changes nothing."""
    created = {"organisations": 0, "topics": 0}
    regions = {region.slug: region for region in Region.objects.all()}
    for region_slug, organisations in ORGANISATIONS.items():
        for code, name, kind in organisations:
            _, made = Organisation.objects.get_or_create(
                code=code, defaults={"name": name, "type": kind, "region": regions[region_slug]}
            )
            created["organisations"] += made
    for parent_name, children in TOPICS.items():
        parent, made = Topic.objects.get_or_create(
            slug=_slug(parent_name), defaults={"name": parent_name}
        )
        created["topics"] += made
        for child_name in children:
            _, made = Topic.objects.get_or_create(
                slug=_slug(child_name), defaults={"name": child_name, "parent": parent}
            )
            created["topics"] += made
    return created
