"""Where good practice spread, and the research that informs examples."""

import random
from datetime import date

import pytest
from django.urls import reverse

from directory.models import Region
from learning_network.errors import Invalid, NotAllowed
from practice_db import research, spread
from practice_db.models import (
    Adoption,
    ProjectStatus,
    ResearchProgramme,
    ResearchProject,
    Status,
)
from tests.factories import (
    OrganisationFactory,
    PracticeExampleFactory,
    TopicFactory,
    UserFactory,
    region,
)
from tests.helpers import assert_ladder, assert_same_query_count, ladder

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(london_trust):
    return PracticeExampleFactory(published=True, organisation=london_trust, title="Falls clinic")


def adopt(example, organisation, **extra):
    return spread.record_adoption(
        actor=UserFactory(organisation=organisation),
        example_id=example.pk,
        organisation=organisation,
        tried_from=date(2026, 3, 1),
        what_changed=extra.pop("what_changed", "A falls clinic in our day hospital."),
        how_it_went="Fewer admissions after falls.",
        **extra,
    )


def test_we_tried_this_too_can_start_our_own_draft_linked_both_ways(example, trent_trust):
    adoption = adopt(example, trent_trust, start_own_example=True)
    own = adoption.own_example
    assert own.status == Status.DRAFT
    assert own.organisation == trent_trust
    assert own.submitter == adoption.reported_by
    assert set(own.topics.all()) == set(example.topics.all())
    assert own.adapted_from == adoption


@pytest.mark.parametrize(
    ("change", "field"), [({"what_changed": "  "}, "what_changed"), ({"own": True}, "organisation")]
)
def test_an_adoption_needs_what_changed_and_another_organisation(
    example, trent_trust, change, field
):
    organisation = example.organisation if change.pop("own", False) else trent_trust
    with pytest.raises(Invalid) as refused:
        adopt(example, organisation, **change)
    assert refused.value.field == field
    assert not Adoption.objects.exists()


def test_only_published_examples_can_be_tried(london_trust, trent_trust):
    waiting = PracticeExampleFactory(submitted=True, organisation=london_trust)
    with pytest.raises(NotAllowed):
        adopt(waiting, trent_trust)


def test_spread_counts_match_a_brute_force_count():
    chooser = random.Random(7)
    parent = TopicFactory()
    child = TopicFactory(parent=parent)
    other = TopicFactory()
    regions = list(Region.objects.all())
    organisations = [OrganisationFactory(region=chooser.choice(regions)) for _ in range(12)]
    examples = []
    for _ in range(6):
        example = PracticeExampleFactory(
            published=True, organisation=OrganisationFactory(region=chooser.choice(regions))
        )
        example.topics.add(chooser.choice([parent, child, other]))
        examples.append(example)
    hidden = PracticeExampleFactory(archived=True, organisation=organisations[0])
    hidden.topics.add(child)
    for _ in range(30):
        example, organisation = chooser.choice(examples), chooser.choice(organisations)
        if organisation != example.organisation:
            adopt(example, organisation)
    Adoption.objects.create(
        example=hidden,
        reported_by=UserFactory(),
        organisation=organisations[1],
        tried_from=date(2026, 1, 1),
        what_changed="x",
        how_it_went="y",
    )

    def brute(topic_ids):
        found = {}
        for adoption in Adoption.objects.select_related("organisation", "example"):
            if adoption.example.status != Status.PUBLISHED:
                continue
            topics = set(adoption.example.topics.values_list("pk", flat=True))
            if topic_ids is None or topics & topic_ids:
                found.setdefault(adoption.organisation.region_id, set()).add(
                    adoption.organisation_id
                )
        return {region.pk: len(found.get(region.pk, ())) for region in regions}

    for topic, topic_ids in [(None, None), (parent, {parent.pk, child.pk}), (other, {other.pk})]:
        counted = {row.region.pk: row.organisations for row in spread.spread_by_region(topic)}
        assert counted == brute(topic_ids)


def test_the_map_shades_more_adoption_darker_and_says_so_in_text(example, client_as):
    for _ in range(3):
        adopt(example, OrganisationFactory(region=region("trent")))
    adopt(example, OrganisationFactory(region=region("eastern")))
    page = client_as("staff").get(reverse("practice_db:spread")).text
    assert "Trent: 3. " in page
    assert "Eastern: 1. " in page
    assert "London: 0. " in page
    regions, legend = spread.map_regions(spread.spread_by_region())
    fills = {r.slug: r.fill for r in regions}
    assert fills["trent"] != fills["eastern"] != fills["london"]
    assert legend[0] == (spread.SHADES[0], "None")


def test_the_map_asks_the_same_statements_however_many_sub_topics(client_as):
    # The topic choices name each sub-topic with its parent's name.
    parent = TopicFactory(name="Older people")

    def add(count):
        TopicFactory.create_batch(count, parent=parent)

    url = reverse("practice_db:spread")
    # One more than the map's own: the published version, which keys the kept map.
    assert_same_query_count(add, url, client_as("staff"), small=3, large=20, at_most=9)


def test_a_topic_that_does_not_exist_is_a_clear_400(client_as):
    response = client_as("staff").get(reverse("practice_db:spread"), {"topic": "<script>"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert "<script>" not in response.text


def test_who_may_open_the_spread_and_research_pages(example, client_as):
    project = ResearchProject.objects.create(
        programme=ResearchProgramme.objects.create(name="SDO", slug="sdo"),
        title="Hospital at home",
        team="A team",
        status=ProjectStatus.UNDER_WAY,
        summary="What works.",
    )
    everyone = ladder(200)
    for url in [
        reverse("practice_db:spread"),
        reverse("practice_db:research"),
        reverse("practice_db:research_project", args=[project.pk]),
        reverse("practice_db:tried_this", args=[example.pk]),
    ]:
        assert_ladder(client_as, url, everyone)
    keepers = ladder(403, national_moderator=200)
    assert_ladder(client_as, reverse("practice_db:research_new"), keepers)
    assert_ladder(client_as, reverse("practice_db:research_edit", args=[project.pk]), keepers)


def test_research_shows_on_the_examples_and_topics_it_informs(
    example, national_moderator, client_as
):
    topic = TopicFactory(name="Falls prevention")
    on_topic = PracticeExampleFactory(published=True, organisation=example.organisation)
    on_topic.topics.add(topic)
    draft = PracticeExampleFactory(draft=True, organisation=example.organisation)
    project = research.save_project(
        actor=national_moderator,
        project=ResearchProject(
            programme=ResearchProgramme.objects.create(name="SDO", slug="sdo"),
            title="Falls services compared",
            team="Nuffield Institute",
            status=ProjectStatus.COMPLETED,
            summary="Which falls services work.",
        ),
        topic_ids=[topic.pk],
        example_ids=[example.pk, draft.pk],
    )
    assert list(project.examples.all()) == [example]  # A draft is never linked.
    for shown in (example, on_topic):
        page = client_as("staff").get(reverse("practice_db:example", args=[shown.pk])).text
        assert "Falls services compared" in page


def test_only_national_moderators_keep_research(client_as):
    programme = ResearchProgramme.objects.create(name="SDO", slug="sdo")
    data = {
        "programme": programme.pk,
        "title": "<b>Bold</b> title",
        "team": "Team",
        "status": "planned",
        "summary": "Summary",
        "example_ids": "12, x",
    }
    refused = client_as("national_moderator").post(reverse("practice_db:research_new"), data)
    assert refused.status_code == 400
    assert "Enter the numbers of practice examples" in refused.text
    data["example_ids"] = ""
    saved = client_as("national_moderator").post(reverse("practice_db:research_new"), data)
    assert saved.status_code == 302
    project = ResearchProject.objects.get()
    page = client_as("staff").get(project.get_absolute_url()).text
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in page
    assert (
        client_as("moderator_london").post(reverse("practice_db:research_new"), data).status_code
        == 403
    )
