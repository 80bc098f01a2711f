# Test data for measuring search: predictable random numbers are the point.
# ruff: noqa: S311
"""Make many realistic published practice examples quickly, for measuring search.

    python manage.py seed_examples --count 100000 --seed 1

Text is drawn from a vocabulary of a few thousand words with Zipf-like
frequencies (the service words that every write-up uses are common, the tail
is rare), 300 to 1,500 words an example across its sections, spread over
every organisation, topic and year. The same seed makes the same examples.
Each batch of rows goes in with COPY, its topics first (the foreign key is
checked at commit), so the search trigger builds every vector once, as the
row arrives. Batches run in --jobs processes; each batch has its own random
stream, so the examples do not depend on which process made them.
"""

from __future__ import annotations

import itertools
import multiprocessing
import random
import time
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, connections, transaction

from accounts.models import User
from directory import demo as directory_demo
from directory.models import Organisation, Topic
from practice_db.models import CareSetting, EvidenceKind, EvidenceRating, WorkStatus

TABLE = "practice_db_practiceexample"
BATCH = 5000
FIRST_PUBLISHED = datetime(1997, 1, 1, tzinfo=UTC)
PUBLISHED_SPAN = timedelta(days=365 * 7)

# The head of the vocabulary: words that NHS write-ups of service changes use.
_COMMON_TEXT = """
patients service staff care team nurse nurses clinic clinics ward wards hospital
practice general practitioners doctors consultant referral referrals waiting list
lists times weeks months days appointment appointments admission admissions
emergency discharge discharged bed beds community primary secondary health authority
trust trusts group groups pathway pathways protocol audit audits evaluation results
outcome outcomes improvement improved improve improving reduced reduction increase
increased access quality cost costs funding budget pounds resources training trained
education leaflet leaflets information records record electronic telephone advice
helpline pharmacy pharmacist pharmacists medicines prescribing prescriptions review
reviews reviewed assessment assessments screening diagnosis treatment therapy
therapists physiotherapy occupational social services carers families relatives
older people children young adults mental illness depression anxiety dementia stroke
cancer heart coronary disease diabetes asthma chronic obstructive pulmonary
palliative hospice rehabilitation surgery surgical theatre theatres day case
outpatient outpatients inpatient inpatients length stay readmission readmissions
night weekend winter pressures capacity demand scheduling booking booked partial
booking cancelled cancellations attendance attendances did not attend reminder
reminders letters survey surveys satisfaction complaints feedback involvement
leadership management managers manager board chief executive clinical governance
guidelines standards national framework local partnership partnerships voluntary
sector council housing transport ambulance paramedics response calls triage minor
injuries unit units walk centre centres direct line consultation consultations visit
visits home homes residential nursing equipment aids adaptations falls fracture hip
knee elderly frail vulnerable deprived inequalities smoking cessation obesity
exercise diet nutrition immunisation vaccination uptake coverage targets target
performance indicators data monitoring quarterly annual report reports pilot project
scheme initiative model approach change changes redesign process processes steps
shared joint multidisciplinary integrated seamless single point contact coordinator
coordinators link worker workers specialist specialists practitioner practitioners
led nurse-led protected time sessions session weekly monthly daily hours evening
out-of-hours cover rota rotas recruitment retention vacancies sickness absence
morale workload skill mix competencies roles role responsibilities accountability
governance risk incidents safety errors infection control hygiene cleanliness wound
dressing tissue viability continence stoma midwifery maternity antenatal postnatal
breastfeeding neonatal paediatric school schools teenage pregnancy sexual
contraception drugs alcohol substance misuse homeless prison offenders learning
disabilities physical disability sensory hearing sight interpreting languages ethnic
minority communities rural urban
"""
COMMON_WORDS = _COMMON_TEXT.split()

# Syllables for the long tail of rarer words (place names, drug names, jargon).
ONSETS = ["b", "br", "c", "ch", "cl", "d", "dr", "f", "g", "gr", "h", "k", "l", "m", "n", "p"]
ONSETS += ["pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"]
CODAS = ["", "n", "r", "l", "s", "m", "nd", "st", "x", "th"]
TAIL_SIZE = 6000
ZIPF_EXPONENT = 1.05

TITLE_PATTERNS = [
    "{a} {b} for {c}",
    "Reducing {a} {b} through {c}",
    "A {a} {b} service",
    "{a}-led {b} clinic",
    "Improving {a} in {b}",
    "Shared {a} for {b} and {c}",
    "{a} {b}: what we learned",
]


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    words = list(dict.fromkeys(COMMON_WORDS))
    seen = set(words)
    while len(words) < len(COMMON_WORDS) + TAIL_SIZE:
        syllables = rng.choice([2, 2, 3, 3, 4])
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)
        )
        if word not in seen:
            seen.add(word)
            words.append(word)
    # The service words take the top ranks in the order listed (so "patients"
    # is in nearly every example and "urban" in few); the made-up tail follows.
    weights = [1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(words) + 1)]
    return words, list(itertools.accumulate(weights))


class Generator:
    def __init__(self, seed: int, organisations, topics, submitter_id: int, count: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.words, self.cumulative = vocabulary(random.Random(seed))
        self.organisations = organisations
        self.topics = topics
        self.submitter_id = submitter_id
        self.count = count

    def text(self, length: int) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.cumulative, k=length))

    def sentence_text(self, length: int) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=length)
        out = []
        for start in range(0, len(words), 14):
            chunk = words[start : start + 14]
            out.append(chunk[0].capitalize() + " " + " ".join(chunk[1:]) + ".")
        return " ".join(out)

    def example(self, index: int) -> tuple[dict, list[int]]:
        rng = self.rng
        # 300 to 1,500 words, most nearer 300 than 1,500 (about 530 on average).
        total = int(300 * (5 ** (rng.random() ** 2)))
        parts = [0.05, 0.2, 0.3, 0.2, 0.1, 0.05, 0.1]
        lengths = [max(8, int(total * part)) for part in parts]
        summary, problem, done, results, evidence, resources, lessons = (
            self.sentence_text(n) for n in lengths
        )
        head = rng.choices(self.words[:400], k=3)
        title = rng.choice(TITLE_PATTERNS).format(a=head[0].capitalize(), b=head[1], c=head[2])
        organisation_id = rng.choice(self.organisations)
        # Publication dates rise with the row, as they do in life, with some noise.
        position = (index + rng.random() * 50) / max(self.count, 1)
        published = FIRST_PUBLISHED + PUBLISHED_SPAN * min(position, 1.0)
        topic_ids = rng.sample(self.topics, rng.choice([1, 1, 2, 2, 3]))
        submitted = published - timedelta(days=20)
        row = {
            "title": title[:200],
            "summary": summary,
            "organisation_id": organisation_id,
            "care_setting": rng.choice(CareSetting.values + [""]),
            "population": " ".join(rng.choices(self.words[:200], k=3)),
            "is_beacon": rng.random() < 0.08,
            "work_status": rng.choice(WorkStatus.values),
            "problem": problem,
            "what_was_done": done,
            "results": results,
            "did_not_work": rng.random() < 0.05,
            "evidence_kind": rng.choice(EvidenceKind.values),
            "evidence_rating": rng.choice(EvidenceRating.values),
            "evidence": evidence,
            "resources": resources,
            "lessons": lessons,
            "links": "",
            "lead_name": "Alex Lead",
            "lead_role": "Service lead",
            "lead_email": "alex.lead@example.nhs.uk",
            "lead_phone": "",
            "lead_consents": True,
            "lead_confirmed_email": "alex.lead@example.nhs.uk",
            "lead_confirmed_at": published,
            "status": "published",
            "submitter_id": self.submitter_id,
            "submitted_at": submitted,
            "published_at": published,
            "review_date": (published + timedelta(days=730)).date(),
            "version": 1,
            "created_at": submitted - timedelta(days=10),
            "updated_at": published,
            "facet_topic_ids": "{}",
            "facet_organisation_type": "",
        }
        return row, topic_ids


def reference_data() -> tuple[list[int], list[int], int]:
    """Organisations, topics and a submitter: the demo ones, made if missing."""
    directory_demo.load()
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    submitter, _ = User.objects.get_or_create(
        email="seed.submitter@example.nhs.uk",
        defaults={"full_name": "Seed Submitter", "organisation_id": organisations[0]},
    )
    return sorted(organisations), sorted(topics), submitter.pk


_worker: Generator | None = None


def _start_worker(seed, organisations, topics, submitter_id, count) -> None:
    global _worker
    connections.close_all()  # never share the parent's connection
    _worker = Generator(seed, organisations, topics, submitter_id, count)


def _copy_batch(batch: int) -> int:
    generator = _worker
    start = batch * BATCH
    size = min(BATCH, generator.count - start)
    generator.rng = random.Random(f"{generator.seed}/{batch}")
    rows, links = [], []
    for offset in range(size):
        row, topic_ids = generator.example(start + offset)
        rows.append(row)
        links.append(topic_ids)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [TABLE, size],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        # Topics first: the search trigger reads them as each example arrives.
        with raw.copy(
            "COPY practice_db_practiceexample_topics (practiceexample_id, topic_id) FROM STDIN"
        ) as copy:
            for pk, topic_ids in zip(ids, links, strict=True):
                for topic_id in topic_ids:
                    copy.write_row((pk, topic_id))
        columns = ["id", *rows[0]]
        with raw.copy(f"COPY {TABLE} ({', '.join(columns)}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk, *row.values()])
    return size


BIG_LOAD = 50_000


class Command(BaseCommand):
    help = "Make N realistic published practice examples (for measuring search)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--jobs", type=int, default=2, help="Processes making examples.")

    def handle(self, *args, count: int, seed: int, jobs: int, **options) -> None:
        started = time.monotonic()
        organisations, topics, submitter_id = reference_data()
        batches = range((count + BATCH - 1) // BATCH)
        setup = (seed, organisations, topics, submitter_id, count)
        rebuild = self._drop_search_indexes_for_a_big_load(count)
        connections.close_all()
        done = 0
        try:
            for size in self._batches(jobs, setup, batches):
                done += size
                if done % (BATCH * 20) == 0 or done == count:
                    elapsed = time.monotonic() - started
                    self.stdout.write(f"{done:,} examples ({elapsed:.0f} s)")
        finally:
            with connection.cursor() as cursor:
                if rebuild:
                    self.stdout.write("Building the search indexes")
                    cursor.execute("SET maintenance_work_mem = '512MB'")
                    for definition in rebuild:
                        cursor.execute(definition)
                cursor.execute(f"VACUUM ANALYZE {TABLE}")
                # The topics too: with no statistics the planner expects
                # thousands of rows for a page's 20 examples, and plans a
                # parallel join that costs 10 ms a page.
                cursor.execute(f"VACUUM ANALYZE {TABLE}_topics")
        self.stdout.write(
            f"Seeded {count:,} examples in {time.monotonic() - started:.0f} s (seed {seed})"
        )

    def _batches(self, jobs: int, setup: tuple, batches: range):
        """Each batch's size as it is done: in this process, or in --jobs others."""
        if jobs <= 1:
            _start_worker(*setup)
            yield from map(_copy_batch, batches)
            return
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_start_worker, initargs=setup) as pool:
            yield from pool.imap_unordered(_copy_batch, batches)

    def _drop_search_indexes_for_a_big_load(self, count: int) -> list[str]:
        """For a big load into a small table, drop the GIN indexes and build them
        after: one sorted build is several times faster than row-by-row upkeep."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
            if count < BIG_LOAD or cursor.fetchone()[0] > count:
                return []
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                "AND indexdef LIKE '%%USING gin%%'",
                [TABLE],
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        return [definition for _, definition in indexes]
