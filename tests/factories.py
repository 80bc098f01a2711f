"""factory_boy factories for the portal's records."""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import RegionalModerator, Role, User
from directory.models import Organisation, OrganisationType, Region, Topic

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
    """A complete example, ready to submit; `status` and dates as asked."""

    class Meta:
        model = "practice_db.PracticeExample"
        skip_postgeneration_save = True

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

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if not create:
            return
        self.topics.set(extracted if extracted is not None else [TopicFactory()])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        status = kwargs.get("status", "draft")
        now = timezone.now()
        if status != "draft":
            kwargs.setdefault("submitted_at", now)
        if status in {"published", "archived"}:
            kwargs.setdefault("published_at", now)
            # Its lead has confirmed by the emailed link that staff may contact them.
            kwargs.setdefault("lead_confirmed_at", now)
            kwargs.setdefault("lead_confirmed_email", kwargs.get("lead_email", ""))
        return super()._create(model_class, *args, **kwargs)
