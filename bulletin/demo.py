"""Demo ImpAct issues: six issues of stories about the Learning Network.

Written in our own words to feel like the NHS of 2000-2001. Stories are
linked to published demo practice examples that share a subject, where any
exist when the loader runs. Used only by the `load_demo_data` command.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from bulletin.models import Issue, Story
from directory.models import Topic
from practice_db.models import PracticeExample

# (number, title, publication date)
ISSUES: list[tuple[int, str, date]] = [
    (1, "Learning from each other", date(2000, 3, 1)),
    (2, "Beating the winter pressures", date(2000, 5, 1)),
    (3, "Beacons light the way", date(2000, 7, 1)),
    (4, "Primary care groups come of age", date(2000, 9, 1)),
    (5, "Faster for cancer and the heart", date(2000, 11, 1)),
    (6, "Leading the change", date(2001, 1, 1)),
]

# Stories per issue number: (title, standfirst, author line, topic slugs, body).
STORIES: dict[int, list[tuple[str, str, str, list[str], str]]] = {
    1: [
        (
            "Welcome to ImpAct",
            "A new bulletin for NHS staff who want to know what works, who made it "
            "work and how to ask them about it.",
            "By the ImpAct editorial team",
            ["clinical-governance", "management-development"],
            "Every NHS organisation has solved a problem that another is still wrestling "
            "with. ImpAct exists to close that gap.\n\nEvery two months we will report "
            "good practice in service delivery, drawn from the **National Database of "
            "Service Delivery Practice**, from Beacon Services and from the Learning "
            "Centres in each region.\n\nEach story links to the examples behind it, so "
            "that you can read the detail and contact the people who did the work.",
        ),
        (
            "Eight Learning Centres, one in every region",
            "Each NHS Executive region now has a Learning Centre that runs hands-on "
            "events about good practice.",
            "By Fiona Reid, Eastern region",
            ["management-development", "leadership"],
            "The Learning Centres are NHS organisations chosen for their record of "
            "improving services. They host events where staff see change in practice "
            "rather than read about it.\n\nThis spring's programme includes:\n\n"
            "- a day on booked admissions in Trent\n- a workshop on nurse-led "
            "discharge in London\n- a visit to a primary care group that redesigned "
            "its out-of-hours cover in the South West\n\nPlaces are free to NHS staff.",
        ),
        (
            "How to find a practice example in two minutes",
            "The practice database is searchable by subject, region and strength of "
            "evidence. Here is how to get the most from it.",
            "By Nadia Hussain, practice database lead",
            ["electronic-records", "clinical-audit"],
            "Start with the subject index: every example is filed under one or more "
            "topics. Then narrow by region or by the kind of evidence behind the "
            "claim.\n\nLook for the evidence rating. A *strong* rating means a "
            "controlled study or formal evaluation; *anecdotal* means a team's own "
            "account, which is still worth reading.\n\nEvery example names a lead "
            "contact who has agreed to be asked about the work.",
        ),
        (
            "Sharing what did not work",
            "Some of the most useful entries in the database describe changes that "
            "failed. We want more of them.",
            "By Adebayo Adeyemi, London regional moderator",
            ["clinical-governance", "patient-involvement"],
            "A trust that tried a telephone booking line and abandoned it after six "
            "months saved three others from making the same mistake.\n\nExamples "
            "marked *did not work as hoped* are moderated like any other. They are "
            "not a confession: they are a gift to colleagues.",
        ),
    ],
    2: [
        (
            "A discharge lounge that freed beds by noon",
            "A nurse-led lounge moved medically fit patients out of wards early in "
            "the day, so that emergency admissions found a bed.",
            "By Rajesh Patel, Trent",
            ["discharge-and-bed-management", "emergency-admissions"],
            "Beds were blocked each morning by patients waiting for transport and "
            "medicines. The trust opened a lounge staffed by two nurses from 9am.\n\n"
            "Within six months the share of discharges completed before noon rose "
            "from a fifth to nearly two thirds.\n\n**What made it work:** pharmacy "
            "dispensed take-home medicines the afternoon before, and porters knew "
            "the lounge came first.",
        ),
        (
            "Winter planning that started in June",
            "Health authorities that planned winter with social services in the "
            "summer had fewer trolley waits in January.",
            "By Helen Armstrong, Northern and Yorkshire",
            ["emergency-admissions", "older-peoples-services"],
            "Three health authorities agreed a joint plan with their local councils "
            "months before the first cold snap. Extra home-care packages were "
            "bought in advance, not in a crisis.\n\nThe result was steadier bed "
            "occupancy and no cancelled operations over the new year.",
        ),
        (
            "Nurses on the end of the phone",
            "A telephone advice service staffed by experienced nurses took pressure "
            "off both the surgery and the accident and emergency department.",
            "By Caroline Hughes, South East",
            ["telephone-advice-services", "general-practice"],
            "Callers are assessed against agreed protocols and advised on self-care, "
            "an appointment or urgent attendance.\n\nAbout half of callers were "
            "helped without seeing anyone. Patient satisfaction surveys were "
            "consistently good.",
        ),
        (
            "Older people kept well at home",
            "A community team visited older people after a fall and cut repeat "
            "admissions by a third.",
            "By Tom Pascoe, South West",
            ["older-peoples-services", "health-inequalities"],
            "Falls are a common reason for emergency admission in the over-75s. A "
            "team of a physiotherapist, an occupational therapist and a nurse now "
            "visits within two days of a fall.\n\nSimple changes to the home, a "
            "medicines review and an exercise programme made the difference.",
        ),
        (
            "Bed managers who talk to each other",
            "A daily ten-minute call between the hospital's bed managers and "
            "community services changed how beds were used.",
            "By Michael Byrne, North West",
            ["discharge-and-bed-management"],
            "The call happens at 8.30 every morning, including weekends. Everyone "
            "knows who is ready to leave and what is needed to get them home.",
        ),
    ],
    3: [
        (
            "What it means to be a Beacon",
            "Beacon Services are chosen because they do something well and are "
            "willing to show others how.",
            "By Colin Marsh, Beacon programme",
            ["leadership", "clinical-governance"],
            "A Beacon designation is not a prize. It comes with funding to open the "
            "service to visitors, run open days and answer questions.\n\nThe first "
            "designations covered primary care, mental health, waiting lists and "
            "times, health improvement, human resources and cancer.",
        ),
        (
            "Booked appointments end the waiting list lottery",
            "A Beacon outpatient service lets patients choose a date before they "
            "leave the surgery.",
            "By Gwen Llewellyn, West Midlands",
            ["waiting-lists-and-times", "outpatients"],
            "Instead of a letter weeks later, the patient agrees an appointment "
            "while the GP is still with them.\n\nDid-not-attend rates fell by half, "
            "and the clinic could plan its sessions months ahead.",
        ),
        (
            "A crisis team that keeps people out of hospital",
            "A mental health Beacon runs a home treatment team around the clock.",
            "By the ImpAct editorial team",
            ["mental-health"],
            "People in crisis are seen at home within hours. Admissions to acute "
            "wards fell, and service users said they felt more in control.\n\nThe "
            "team holds open days every quarter: book through the Beacon's page.",
        ),
        (
            "Stop smoking clinics in the high street",
            "A health improvement Beacon moved its clinics into pharmacies and "
            "community centres, where smokers already go.",
            "By Fiona Reid, Eastern region",
            ["smoking-cessation", "community-pharmacy"],
            "Evening and weekend sessions doubled the number of people who set a "
            "quit date. Four-week quit rates held steady as numbers grew.",
        ),
        (
            "Visiting a Beacon: a practical guide",
            "How to request a visit, what to bring and how to take the learning "
            "back to your own team.",
            "By Colin Marsh, Beacon programme",
            ["management-development"],
            "Request a visit through the portal. The Beacon's coordinator "
            "acknowledges within two working days and then confirms a date.\n\n"
            "Bring the people who will make the change: a manager and a clinician "
            "together learn more than either alone.",
        ),
    ],
    4: [
        (
            "Primary care groups share their first lessons",
            "Eighteen months in, primary care groups are finding their feet as "
            "commissioners. Here is what the early ones learned.",
            "By the ImpAct editorial team",
            ["primary-care-groups", "leadership"],
            "The most effective boards agreed a small number of priorities and "
            "stuck to them.\n\nGroups that involved practice nurses and community "
            "staff from the start found it easier to change referral patterns.",
        ),
        (
            "A diabetes clinic run by the practice nurse",
            "Moving routine diabetes review into general practice freed hospital "
            "clinics for the patients who need them.",
            "By Rajesh Patel, Trent",
            ["diabetes", "general-practice"],
            "Practice nurses were trained by the hospital's specialist team and "
            "keep a shared register. Patients are recalled every year, with "
            "results fed back to the consultant.\n\nMore patients had their eyes "
            "and feet checked than ever before.",
        ),
        (
            "The pharmacist in the surgery",
            "A community pharmacist reviews repeat prescriptions two sessions a week.",
            "By Caroline Hughes, South East",
            ["community-pharmacy", "general-practice"],
            "Reviews found medicines no longer needed, doses to adjust and "
            "interactions to avoid. The practice's prescribing costs fell, and "
            "fewer patients were admitted with drug-related problems.",
        ),
        (
            "Reaching teenagers where they are",
            "A drop-in clinic after school gave young people advice on sexual "
            "health without an appointment.",
            "By Adebayo Adeyemi, London",
            ["teenage-pregnancy", "health-inequalities"],
            "Young people helped design the service, choose its name and train "
            "the staff. It is open when school ends, and nobody needs to give a "
            "reason for coming.",
        ),
    ],
    5: [
        (
            "Two weeks from referral to specialist",
            "Rapid-access clinics mean that patients with suspected breast cancer "
            "see a specialist within a fortnight.",
            "By Helen Armstrong, Northern and Yorkshire",
            ["cancer", "waiting-lists-and-times"],
            "Referrals arrive by fax on a standard form and are booked the same "
            "day. Examination, imaging and biopsy happen at one visit.\n\nMost "
            "women leave knowing their result, or when they will have it.",
        ),
        (
            "Clot-busting drugs in the ambulance",
            "Paramedics trained to give thrombolysis cut the time from call to "
            "treatment for heart attacks.",
            "By Michael Byrne, North West",
            ["coronary-heart-disease", "emergency-admissions"],
            "Every minute matters after a heart attack. With an ECG sent ahead "
            "and agreed criteria, treatment now starts before the hospital doors."
            "\n\nThe service audits every case and shares the results with crews.",
        ),
        (
            "A stroke unit that changed outcomes",
            "Organised stroke care on one ward, with one team, meant more people "
            "went home and fewer needed long-term care.",
            "By Gwen Llewellyn, West Midlands",
            ["stroke", "older-peoples-services"],
            "Patients are assessed for swallowing on arrival and start "
            "rehabilitation early. A weekly team meeting plans every discharge.",
        ),
        (
            "Palliative care at home, day and night",
            "A partnership between district nurses and a hospice means people can "
            "choose to die at home.",
            "By Tom Pascoe, South West",
            ["palliative-care"],
            "A night sitting service and an out-of-hours advice line support "
            "families. More people died in the place they had chosen.",
        ),
        (
            "Chest pain clinics that see you the same week",
            "Rapid-access chest pain clinics sorted heart disease from indigestion "
            "in a single visit.",
            "By the ImpAct editorial team",
            ["coronary-heart-disease", "outpatients"],
            "A nurse-led clinic with exercise testing on site means a clear answer "
            "for most patients within days of seeing their GP.",
        ),
        (
            "Listening to patients about cancer services",
            "A cancer network asked patients what mattered to them, and changed "
            "its services in response.",
            "By Fiona Reid, Eastern region",
            ["cancer", "patient-involvement"],
            "Patients asked for one named contact, clear written information and "
            "shorter waits between tests. All three are now in place.",
        ),
    ],
    6: [
        (
            "Leadership for chief executives",
            "The Leadership Development Programme for Chief Executives takes its "
            "first cohort. Participants describe what they hope to change.",
            "By the ImpAct editorial team",
            ["leadership", "management-development"],
            "The programme combines residential modules with action learning sets "
            "and a placement in another organisation.\n\nApplications for the next "
            "cohort open in the spring.",
        ),
        (
            "Clinicians who manage",
            "Doctors and nurses in management roles explain what training helped them most.",
            "By Nadia Hussain, practice database lead",
            ["management-development", "human-resources"],
            "Most said the same thing: learning to read a budget, and learning to "
            "hold a difficult conversation. The management courses listed on the "
            "portal are open to clinical staff.",
        ),
        (
            "Keeping nurses in the NHS",
            "A trust that offered flexible rosters and a return-to-practice "
            "programme cut its nursing vacancies by half.",
            "By Rajesh Patel, Trent",
            ["recruitment-and-retention", "human-resources"],
            "Nurses choose shifts through a team-based rota. Returners are paid "
            "while they retrain, with a mentor on the ward.",
        ),
        (
            "A clinical governance lead in every practice",
            "A primary care group asked each practice to name a lead, and gave them "
            "time to do the job.",
            "By Caroline Hughes, South East",
            ["clinical-governance", "primary-care-groups", "clinical-audit"],
            "Leads meet quarterly to share audits. The first round looked at "
            "repeat prescribing and at the follow-up of abnormal test results.",
        ),
        (
            "Personality disorder: a service built with its users",
            "A specialist service designed with the people who use it keeps them "
            "engaged in treatment.",
            "By Michael Byrne, North West",
            ["personality-disorder", "mental-health"],
            "Service users sit on the steering group and help train staff. "
            "Drop-out from treatment fell sharply in the first year.",
        ),
    ],
}

RELATED_PER_STORY = 2


def _publish_time(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _create_stories(issue: Issue, topics: dict[str, Topic]) -> int:
    for position, (title, standfirst, author, slugs, body) in enumerate(
        STORIES[issue.number], start=1
    ):
        story = Story.objects.create(
            issue=issue,
            position=position,
            title=title,
            standfirst=standfirst,
            author=author,
            body=body,
        )
        story.topics.set([topics[slug] for slug in slugs if slug in topics])
    return len(STORIES[issue.number])


def _link_examples() -> int:
    """Link each demo story with no related examples to published ones on its subjects."""
    linked = 0
    stories = Story.objects.filter(
        issue__number__in=STORIES, related_examples__isnull=True
    ).prefetch_related("topics")
    for story in stories:
        # Ids through the topic links (a semi-join), not DISTINCT over whole
        # rows: on a freshly loaded database without statistics that took
        # seconds a story.
        on_its_subjects = PracticeExample.topics.through.objects.filter(
            topic__in=story.topics.all()
        ).values("practiceexample_id")
        examples = list(
            PracticeExample.objects.published()
            .filter(pk__in=on_its_subjects)
            .order_by("-published_at", "pk")
            .values_list("pk", flat=True)[:RELATED_PER_STORY]
        )
        story.related_examples.add(*examples)
        linked += len(examples)
    return linked


def load() -> dict[str, int]:
    """Create the demo issues that are missing; running it again changes nothing."""
    created = {"ImpAct issues": 0, "ImpAct stories": 0, "ImpAct example links": 0}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for number, title, day in ISSUES:
        publish_at = _publish_time(day)
        issue, made = Issue.objects.get_or_create(
            number=number,
            defaults={
                "title": title,
                "publication_date": day,
                "publish_at": publish_at,
                # Demo issues are back issues: nobody is emailed them.
                "emailed_at": publish_at,
            },
        )
        if made:
            created["ImpAct issues"] += 1
            created["ImpAct stories"] += _create_stories(issue, topics)
    created["ImpAct example links"] = _link_examples()
    return created
