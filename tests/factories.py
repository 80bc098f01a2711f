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
