"""factory_boy factories for ImpAct issues and stories."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from bulletin.models import Issue, Story


class IssueFactory(factory.django.DjangoModelFactory):
    """An issue published yesterday, unless a trait says otherwise.

    `IssueFactory(draft=True)` has no publication time; `scheduled=True` goes
    public in three days; `published=True` (the default) went public
    yesterday. A test about the exact moment passes `publish_at` itself.
    """

    class Meta:
        model = Issue

    class Params:
        draft = factory.Trait(publish_at=None)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
        )
        published = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
        )

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
