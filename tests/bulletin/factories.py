"""factory_boy factories for ImpAct issues and stories."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from bulletin.models import Issue, Story


class IssueFactory(factory.django.DjangoModelFactory):
    """A published issue unless `publish_at` says otherwise (None: a draft)."""

    class Meta:
        model = Issue

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Good practice, issue {n + 1}")
    publication_date = factory.LazyFunction(date.today)
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story
        skip_postgeneration_save = True

    issue = factory.SubFactory(IssueFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"A discharge lounge that worked {n}")
    standfirst = "Patients left by noon, and emergency admissions found a bed."
    body = "The lounge opened at **9am**, staffed by two nurses."
    author = "By Pat Writer, Trent"

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
