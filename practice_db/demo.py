"""Demo practice examples, generated from scenario templates.

Each scenario is a kind of service change the NHS of 1999-2001 worked on
(emergency admissions, discharge, two-week cancer waits, crisis teams ...),
written in our own words with slots for the organisation, the numbers and the
details. A seeded `random.Random` fills the slots, so any number of examples
can be made and the same number always gives the same text. Used only by the
`load_demo_data` command; it needs the directory and accounts demo data.

Examples are written with bulk inserts (examples, topic rows, history rows)
rather than through the services, so that a few hundred load in a second or
two. The history they get is what the services would have written.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from directory.demo import ORGANISATIONS
from directory.models import Organisation, Region, Topic
from practice_db import forum_demo
from practice_db.demo_scenarios import (
    CHANGES_COMMENTS,
    COMMON_NUMBERS,
    EVIDENCE_TEXT,
    FAILURE_LESSONS,
    FAILURE_RESULTS,
    FIRST_NAMES,
    RATINGS,
    REJECT_REASONS,
    SCENARIOS,
    SURNAMES,
    Scenario,
)
from practice_db.models import (
    CareSetting,
    EventKind,
    ModerationEvent,
    PracticeExample,
    Status,
    WorkStatus,
    default_review_date,
)

SEED = 1999
STAFF_EMAIL = "staff@demo.nhs.uk"
STAFF_ORGANISATION = "LO001"

# A contributor in each region, at one of its organisations: they own the
# region's demo examples (staff@demo.nhs.uk owns a few in London).
CONTRIBUTORS = {
    "northern-and-yorkshire": ("Gillian Hepworth", "NY001"),
    "trent": ("Derek Marshall", "TR001"),
    "west-midlands": ("Priya Sandhu", "WM001"),
    "north-west": ("Kathleen Doyle", "NW001"),
    "eastern": ("Martin Fairweather", "EA001"),
    "london": ("Yemi Bankole", "LO003"),
    "south-east": ("Joanna Whitlock", "SE001"),
    "south-west": ("Robert Trelawny", "SW001"),
}


# Statuses other than published, as a share of the examples (at least one each).
OTHER_STATUSES = {
    Status.DRAFT: 0.035,
    Status.SUBMITTED: 0.05,
    Status.CHANGES_REQUESTED: 0.025,
    Status.REJECTED: 0.017,
    Status.ARCHIVED: 0.02,
}
# What staff@demo.nhs.uk owns, so that "My examples" has something in each state.
STAFF_OWNS = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.CHANGES_REQUESTED,
    Status.PUBLISHED,
    Status.PUBLISHED,
    Status.PUBLISHED,
]

ORGANISATION_SUFFIXES = [
    "Hospitals NHS Trust",
    "Community and Mental Health NHS Trust",
    "Community Health NHS Trust",
    "Mental Health NHS Trust",
    "Community NHS Trust",
    "Ambulance NHS Trust",
    "NHS Trust",
    "Health Authority",
    "Primary Care Group",
    "Primary Care Trust",
]


def short_name(organisation: Organisation) -> str:
    for suffix in ORGANISATION_SUFFIXES:
        if organisation.name.endswith(" " + suffix):
            return organisation.name.removesuffix(" " + suffix)
    return organisation.name


def statuses_for(count: int) -> list[str]:
    """The status of each example to make, in order: staff's first."""
    others = {status: max(1, round(count * share)) for status, share in OTHER_STATUSES.items()}
    published = max(count - sum(others.values()), STAFF_OWNS.count(Status.PUBLISHED))
    pool = [status for status, n in others.items() for _ in range(n)]
    pool += [Status.PUBLISHED] * published
    for status in STAFF_OWNS:
        pool.remove(status)
    return STAFF_OWNS + pool


@dataclass
class Draft:
    """One generated example, before it is saved, with its topics and history."""

    example: PracticeExample
    topic_ids: list[int]
    events: list[tuple[datetime, User, str, str, str, str]]  # when, who, from, to, kind, comment


class Generator:
    """Fills the scenario templates with a seeded random generator."""

    def __init__(self, *, now: datetime, seed: int = SEED):
        self.rng = random.Random(seed)  # noqa: S311 (repeatable demo text, not security)
        self.now = now
        self.today = timezone.localdate(now)
        self.organisations: dict[int, list[Organisation]] = {}
        demo_codes = [code for rows in ORGANISATIONS.values() for code, _, _ in rows]
        organisations = Organisation.objects.filter(code__in=demo_codes).order_by("code")
        for organisation in organisations:
            self.organisations.setdefault(organisation.region_id, []).append(organisation)
        self.regions = [
            region
            for region in Region.objects.order_by("name")
            if region.pk in self.organisations and region.slug in CONTRIBUTORS
        ]
        self.topics = {topic.name: topic for topic in Topic.objects.all()}
        self.used_titles: set[str] = set()

    # Text ----------------------------------------------------------------

    def _numbers(self, scenario: Scenario) -> dict[str, int]:
        ranges = COMMON_NUMBERS | scenario.numbers
        return {name: self.rng.randint(low, high) for name, (low, high) in ranges.items()}

    def _pick(self, items: list[str], low: int, high: int) -> list[str]:
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    @staticmethod
    def _bullets(lines: list[str]) -> str:
        return "\n".join(f"- {line}" for line in lines)

    def _title(self, scenario: Scenario, organisation: Organisation) -> str | None:
        variants = scenario.titles[:]
        self.rng.shuffle(variants)
        for variant in variants:
            title = f"{variant}: {short_name(organisation)}"
            if title not in self.used_titles:
                self.used_titles.add(title)
                return title
        return None

    def _lead(self) -> tuple[str, str, str]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
        email = f"{first}.{last}@demo.nhs.uk".lower()
        phone = f"01632 960{self.rng.randint(0, 999):03d}"  # Ofcom's range for drama
        return f"{first} {last}", email, phone

    def text(self, scenario: Scenario, organisation: Organisation, failed: bool) -> dict:
        rng = self.rng
        # Thousands separators, as a writer would put them: 1,378 patients.
        values = {name: f"{number:,}" for name, number in self._numbers(scenario).items()}
        months = rng.choice([6, 9, 12, 18])
        slots = values | {
            "org": organisation.name,
            "months": months,
            "aim": scenario.aim,
            "n": rng.randint(40, 200),
            "k": rng.randint(2, 5),
            "setting_label": CareSetting(scenario.setting).label.lower(),
        }
        problem = rng.choice(scenario.problem).format(**slots)
        # The first action is the heart of the change: always there, always first.
        actions = [scenario.actions[0], *self._pick(scenario.actions[1:], 2, 4)]
        results = [line.format(**slots) for line in self._pick(scenario.results, 2, 4)]
        if failed:
            results_text = rng.choice(FAILURE_RESULTS).format(**slots)
            lessons = [rng.choice(FAILURE_LESSONS), *self._pick(scenario.lessons, 1, 2)]
        else:
            results_text = self._bullets(results)
            lessons = self._pick(scenario.lessons, 2, 3)
        kind = rng.choice(scenario.evidence)
        headline = results[0] if not failed else "It did not achieve what we hoped."
        summary = (
            f"{organisation.name} set out to {scenario.aim}. "
            f"{actions[0].format(**slots)}. {headline}"
        )
        return {
            "summary": summary,
            "care_setting": scenario.setting,
            "population": scenario.population,
            "problem": problem,
            "what_was_done": "We made these changes:\n\n"
            + self._bullets([line.format(**slots) for line in actions]),
            "results": results_text,
            "did_not_work": failed,
            "evidence_kind": kind,
            "evidence_rating": rng.choice(RATINGS[kind]),
            "evidence": rng.choice(EVIDENCE_TEXT[kind]).format(**slots),
            "resources": rng.choice(scenario.resources).format(**slots),
            "lessons": "\n\n".join(lessons),
        }

    def _links(self, organisation: Organisation, title: str) -> str:
        if self.rng.random() > 0.4:
            return ""
        host = slugify(short_name(organisation)).replace("-", "")
        path = slugify(title.split(":")[0])
        links = [f"http://www.{host}.nhs.uk/projects/{path}/"]
        if self.rng.random() < 0.3:
            links.append(f"http://www.{host}.nhs.uk/reports/{path}-evaluation.pdf")
        return "\n".join(links)

    def _topic_ids(self, scenario: Scenario) -> list[int]:
        names = scenario.topics[:1] + self._pick(scenario.topics[1:], 0, 2)
        chosen = [self.topics[name] for name in names if name in self.topics]
        if chosen and chosen[0].parent_id:
            return [chosen[0].parent_id, *(topic.pk for topic in chosen)]
        return [topic.pk for topic in chosen]

    # Dates and history -----------------------------------------------------

    def _at(self, day: date) -> datetime:
        minutes = self.rng.randint(8 * 60 + 30, 17 * 60 + 30)
        moment = timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))
        return min(moment, self.now)

    def _before(self, day: date, low: int, high: int) -> date:
        return day - timedelta(days=self.rng.randint(low, high))

    def history(
        self, status: str, submitter: User, moderator: User
    ) -> tuple[dict, list[tuple[datetime, User, str, str, str, str]]]:
        """The lifecycle dates of an example in `status`, and its history rows."""
        rng, today = self.rng, self.today
        events: list[tuple[datetime, User, str, str, str, str]] = []
        dates: dict = {}

        def submit(at: datetime, again: bool = False) -> None:
            source = Status.CHANGES_REQUESTED if again else Status.DRAFT
            events.append((at, submitter, source, Status.SUBMITTED, EventKind.SUBMITTED, ""))

        if status == Status.DRAFT:
            return dates, events
        if status == Status.SUBMITTED:
            # About half are overdue: more than ten working days in the queue.
            overdue = rng.random() < 0.5
            day = self._before(today, 18, 45) if overdue else self._before(today, 0, 8)
            dates["submitted_at"] = self._at(day)
            submit(dates["submitted_at"])
            return dates, events
        if status in {Status.CHANGES_REQUESTED, Status.REJECTED}:
            submitted = self._before(today, 10, 90)
            decided = submitted + timedelta(days=rng.randint(1, 9))
            dates["submitted_at"] = self._at(submitted)
            submit(dates["submitted_at"])
            if status == Status.CHANGES_REQUESTED:
                row = (EventKind.CHANGES_REQUESTED, rng.choice(CHANGES_COMMENTS))
            else:
                row = (EventKind.REJECTED, rng.choice(REJECT_REASONS))
            events.append((self._at(decided), moderator, Status.SUBMITTED, status, *row))
            return dates, events

        # Published (and archived): spread over the last 2.5 years, so some are
        # already past their review date.
        published = self._before(today, 3, 900)
        submitted = self._before(published, 2, 20)
        dates["submitted_at"] = self._at(submitted)
        dates["published_at"] = self._at(published)
        submit(dates["submitted_at"])
        if rng.random() < 0.2:
            asked = submitted + timedelta(days=1)
            events.append(
                (
                    self._at(asked),
                    moderator,
                    Status.SUBMITTED,
                    Status.CHANGES_REQUESTED,
                    EventKind.CHANGES_REQUESTED,
                    rng.choice(CHANGES_COMMENTS),
                )
            )
            resubmitted = self._at(asked + timedelta(days=1))
            dates["submitted_at"] = resubmitted
            submit(resubmitted, again=True)
        events.append(
            (
                dates["published_at"],
                moderator,
                Status.SUBMITTED,
                Status.PUBLISHED,
                EventKind.PUBLISHED,
                "",
            )
        )
        dates["review_date"] = default_review_date(published)
        if status == Status.ARCHIVED:
            archived = min(today, published + timedelta(days=rng.randint(60, 400)))
            events.append(
                (
                    self._at(archived),
                    moderator,
                    Status.PUBLISHED,
                    Status.ARCHIVED,
                    EventKind.ARCHIVED,
                    "",
                )
            )
        return dates, events

    def _work(self, status: str, published: datetime | None) -> dict:
        rng = self.rng
        if status == Status.DRAFT and rng.random() < 0.5:
            start = self.today + timedelta(days=rng.randint(30, 150))
            return {"work_status": WorkStatus.PLANNED, "started_on": start.replace(day=1)}
        anchor = timezone.localdate(published) if published else self.today
        start = (anchor - timedelta(days=rng.randint(270, 1100))).replace(day=1)
        if rng.random() < 0.3:
            return {"work_status": WorkStatus.ONGOING, "started_on": start}
        end = min(anchor, start + timedelta(days=rng.randint(180, 720)))
        return {"work_status": WorkStatus.COMPLETED, "started_on": start, "ended_on": end}

    # One example -------------------------------------------------------------

    def make(
        self,
        *,
        status: str,
        region: Region,
        submitter: User,
        moderator: User,
        organisation: Organisation | None = None,
    ) -> Draft | None:
        rng = self.rng
        for _attempt in range(20):
            scenario = rng.choice(SCENARIOS)
            candidates = [
                org
                for org in self.organisations[region.pk]
                if org.type in scenario.organisation_types
            ]
            if organisation is not None:
                candidates = (
                    [organisation] if organisation.type in scenario.organisation_types else []
                )
            if not candidates:
                continue
            chosen = rng.choice(candidates)
            title = self._title(scenario, chosen)
            if title is not None:
                break
        else:
            return None

        failed = status == Status.PUBLISHED and rng.random() < 0.05
        dates, events = self.history(status, submitter, moderator)
        lead_name, lead_email, lead_phone = self._lead()
        example = PracticeExample(
            title=title,
            organisation=chosen,
            submitter=submitter,
            status=status,
            is_beacon=rng.random() < 0.15 and not failed,
            links=self._links(chosen, title),
            lead_name=lead_name,
            lead_role=rng.choice(scenario.lead_roles),
            lead_email=lead_email,
            lead_phone=lead_phone,
            lead_consents=rng.random() < 0.9,
            **self.text(scenario, chosen, failed),
            **self._work(status, dates.get("published_at")),
            **dates,
        )
        if example.published_at and example.lead_consents:
            # The lead confirmed by the emailed link when it was published.
            example.lead_asked_at = example.lead_confirmed_at = example.published_at
            example.lead_confirmed_email = example.lead_email
        if status == Status.DRAFT and rng.random() < 0.5:
            # A draft half written: the later sections are still to do.
            example.results = example.evidence = example.lessons = example.resources = ""
            example.evidence_kind = example.evidence_rating = ""
        if status == Status.SUBMITTED and rng.random() < 0.3:
            example.assigned_to = moderator
            when = dates["submitted_at"] + timedelta(hours=rng.randint(2, 30))
            events.append((min(when, self.now), moderator, status, status, EventKind.TAKEN, ""))
        return Draft(example, self._topic_ids(scenario), events)


def _contributors(regions: list[Region], password: str) -> tuple[dict[int, User], int]:
    """The contributor account of each region, creating the missing ones."""
    users: dict[int, User] = {}
    created = 0
    for region in regions:
        name, code = CONTRIBUTORS[region.slug]
        email = f"contributor.{region.slug}@demo.nhs.uk"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                password=password,
                full_name=name,
                job_title="Clinical governance facilitator",
                organisation=Organisation.objects.filter(code=code).first(),
                email_verified_at=timezone.now(),
            )
            created += 1
        users[region.pk] = user
    return users, created


def load(count: int = 240) -> dict[str, int]:
    """Create the demo examples that are missing; running it again creates nothing.

    An example is identified by its generated title among the examples that
    demo accounts submitted, so a second run finds them all and saves none.
    """
    now = timezone.now()
    generator = Generator(now=now)
    regions = generator.regions
    # Hash the shared demo password once: the hasher is slow on purpose.
    contributors, accounts_created = _contributors(regions, make_password(DEMO_PASSWORD))
    staff = User.objects.get(email=STAFF_EMAIL)
    staff_organisation = Organisation.objects.select_related("region").get(code=STAFF_ORGANISATION)
    moderators = {
        region.pk: User.objects.get(email=f"moderator.{region.slug}@demo.nhs.uk")
        for region in regions
    }

    drafts: list[Draft] = []
    region_turn = 0
    for index, status in enumerate(statuses_for(count)):
        if index < len(STAFF_OWNS):
            region = staff_organisation.region
            submitter, organisation = staff, staff_organisation
        else:
            region = regions[region_turn % len(regions)]
            region_turn += 1
            submitter, organisation = contributors[region.pk], None
        draft = generator.make(
            status=status,
            region=region,
            submitter=submitter,
            moderator=moderators[region.pk],
            organisation=organisation,
        )
        if draft is not None:
            drafts.append(draft)

    existing = set(
        PracticeExample.objects.filter(
            submitter__email__endswith="@demo.nhs.uk",
            title__in=[draft.example.title for draft in drafts],
        ).values_list("title", flat=True)
    )
    drafts = [draft for draft in drafts if draft.example.title not in existing]
    examples = PracticeExample.objects.bulk_create([draft.example for draft in drafts])

    Through = PracticeExample.topics.through
    Through.objects.bulk_create(
        [
            Through(practiceexample_id=example.pk, topic_id=topic_id)
            for example, draft in zip(examples, drafts, strict=True)
            for topic_id in dict.fromkeys(draft.topic_ids)
        ]
    )
    ModerationEvent.objects.bulk_create(
        [
            ModerationEvent(
                example=example,
                actor=actor,
                from_status=from_status,
                to_status=to_status,
                kind=kind,
                comment=comment,
                created_at=when,
            )
            for example, draft in zip(examples, drafts, strict=True)
            for when, actor, from_status, to_status, kind, comment in draft.events
        ],
        batch_size=1000,
    )
    return {
        "contributor accounts": accounts_created,
        "practice examples": len(examples),
        **forum_demo.load(STAFF_EMAIL),
    }
