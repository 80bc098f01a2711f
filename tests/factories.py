"""factory_boy factories for the portal's records."""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import RegionalModerator, Role, User
from directory.models import Organisation, OrganisationType, Region, Topic
from practice_db.models import Status, default_review_date

TEST_PASSWORD = "a-long-test-password-42"


def region(slug: str) -> Region:
    """One of the eight regions the migrations load."""
    return Region.objects.get(slug=slug)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Riverside Test Hospitals NHS Trust {n}")
    code = factory.Sequence(lambda n: f"T{n:04d}")
    type = OrganisationType.NHS_TRUST
    region = factory.LazyFunction(lambda: region("london"))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Test topic {n}")
    slug = factory.Sequence(lambda n: f"test-topic-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@trust.nhs.uk")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    job_title = "Ward manager"
    organisation = factory.SubFactory(OrganisationFactory)
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=role.value) for role in extracted))

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=Role.REGIONAL_MODERATOR.value))
            for slug in extracted:
                RegionalModerator.objects.create(user=self, region=region(slug))


class PracticeExampleFactory(factory.django.DjangoModelFactory):
    """A complete example, ready to submit: a draft unless a trait says otherwise.

    One trait per state, each with the dates that state implies (`draft`
    says so where it matters to the reader):
    `PracticeExampleFactory(published=True)` has been submitted and published
    (now, or at `published_at`) and is due for review two years on;
    `submitted`, `changes_requested` and `rejected` have been submitted;
    `archived` was published first. Tests about statuses themselves may pass
    `status=` instead, and get the same dates.
    """

    class Meta:
        model = "practice_db.PracticeExample"
        skip_postgeneration_save = True

    class Params:
        moment = factory.LazyFunction(timezone.now)  # when it reached its state
        draft = factory.Trait(status=Status.DRAFT)
        submitted = factory.Trait(status=Status.SUBMITTED)
        changes_requested = factory.Trait(status=Status.CHANGES_REQUESTED)
        rejected = factory.Trait(status=Status.REJECTED)
        published = factory.Trait(status=Status.PUBLISHED)
        archived = factory.Trait(status=Status.ARCHIVED)

    title = factory.Sequence(lambda n: f"Nurse-led discharge lounge {n}")
    summary = "Patients leave by noon, freeing beds for emergency admissions."
    organisation = factory.SubFactory(OrganisationFactory)
    submitter = factory.SubFactory(UserFactory)
    problem = "Beds were blocked each morning by patients waiting for transport."
    what_was_done = "A nurse-led lounge took medically fit patients from 9am."
    results = "Bed availability before noon rose from 20% to 65% in six months."
    evidence_kind = "before_and_after"
    evidence_rating = "moderate"
    work_status = "completed"
    lead_name = "Pat Lead"
    lead_role = "Discharge lead"
    lead_email = "pat.lead@trust.nhs.uk"
    lead_consents = True
    status = Status.DRAFT
    published_at = factory.LazyAttribute(
        lambda o: o.moment if o.status in {Status.PUBLISHED, Status.ARCHIVED} else None
    )
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == Status.DRAFT else o.published_at or o.moment
    )
    review_date = factory.LazyAttribute(
        lambda o: (
            default_review_date(timezone.localdate(o.published_at)) if o.published_at else None
        )
    )
    # A published example's lead has confirmed by the emailed link that staff
    # may contact them.
    lead_confirmed_at = factory.LazyAttribute(lambda o: o.published_at)
    lead_confirmed_email = factory.LazyAttribute(lambda o: o.lead_email if o.published_at else "")

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if not create:
            return
        self.topics.set(extracted if extracted is not None else [TopicFactory()])
