"""Searching practice examples: matching, ranking, facets, paging, hostile input."""

import re
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Organisation, Region
from practice_db import search
from practice_db.management.commands.bench_search import title_recall
from practice_db.models import PracticeExample
from practice_db.published import published_version
from practice_db.search.tables import Columns
from tests.factories import OrganisationFactory, PracticeExampleFactory, TopicFactory, region

LONDON_TZ = ZoneInfo("Europe/London")
URL = "/practice/search/"


def published(year=2000, **kwargs):
    kwargs.setdefault("published_at", datetime(year, 6, 1, 12, tzinfo=LONDON_TZ))
    # Neutral text, so that only the words a test gives can match.
    kwargs.setdefault("summary", "A short account of the change.")
    for section in ("problem", "what_was_done", "results"):
        kwargs.setdefault(section, "")
    return PracticeExampleFactory(published=True, **kwargs)


def titles(response) -> list[str]:
    return [r.title for r in response.context["result"].results]


@pytest.fixture
def client(client_as):
    return client_as("staff")


def test_search_page_is_for_signed_in_staff(client_as):
    assert client_as("anonymous").get(URL).status_code == 302
    assert client_as("staff").get(URL).status_code == 200


def test_finds_only_published_examples(client, london_trust):
    published(title="Stroke unit early discharge", organisation=london_trust)
    PracticeExampleFactory(title="Stroke draft", draft=True, organisation=london_trust)
    PracticeExampleFactory(title="Stroke submitted", submitted=True, organisation=london_trust)
    PracticeExampleFactory(title="Stroke archived", archived=True, organisation=london_trust)
    response = client.get(URL, {"q": "stroke"})
    assert titles(response) == ["Stroke unit early discharge"]
    assert response.context["result"].total == 1


def test_stemming_finds_other_forms_of_a_word(client, london_trust):
    published(title="Fewer admissions from care homes", organisation=london_trust)
    assert titles(client.get(URL, {"q": "admission"})) == ["Fewer admissions from care homes"]
    assert titles(client.get(URL, {"q": "ADMITTED admission"})) == []


def test_title_match_ranks_above_body_match(client, london_trust):
    body = published(
        title="Ward rounds before ten",
        problem="Patients with asthma waited for review.",
        organisation=london_trust,
    )
    title = published(title="Asthma clinic run by nurses", organisation=london_trust)
    summary = published(
        title="Respiratory outreach",
        summary="Children with asthma seen at school.",
        organisation=london_trust,
    )
    assert body.pk < title.pk
    assert titles(client.get(URL, {"q": "asthma"})) == [
        title.title,
        summary.title,
        body.title,
    ]


def test_web_search_syntax(client, london_trust):
    both = published(title="Emergency admissions unit", organisation=london_trust)
    apart = published(
        title="Emergency dental care",
        summary="Admissions to wards fell.",
        organisation=london_trust,
    )
    child = published(title="Paediatric emergency admissions", organisation=london_trust)
    diabetes = published(title="Diabetes foot checks", organisation=london_trust)
    asthma = published(title="Asthma reviews in pharmacies", organisation=london_trust)

    phrase = set(titles(client.get(URL, {"q": '"emergency admissions"'})))
    assert phrase == {both.title, child.title}
    assert set(titles(client.get(URL, {"q": "diabetes or asthma"}))) == {
        diabetes.title,
        asthma.title,
    }
    without = set(titles(client.get(URL, {"q": "emergency -paediatric"})))
    assert without == {both.title, apart.title}


def test_last_word_matches_as_a_prefix(client, london_trust):
    published(title="Diabetes foot checks", organisation=london_trust)
    published(title="Diet advice", organisation=london_trust)
    assert titles(client.get(URL, {"q": "diab"})) == ["Diabetes foot checks"]
    assert titles(client.get(URL, {"q": "foot diabe"})) == ["Diabetes foot checks"]
    # Only the last word: an earlier partial word must match whole.
    assert titles(client.get(URL, {"q": "diab foot"})) == []


def test_topic_and_organisation_names_are_searched(client, trent):
    topic = TopicFactory(name="Palliative care", slug="palliative")
    organisation = OrganisationFactory(name="Sherwood Forest Hospice Trust", region=trent)
    example = published(title="Night sitting service", organisation=organisation, topics=[topic])
    assert titles(client.get(URL, {"q": "palliative"})) == [example.title]
    assert titles(client.get(URL, {"q": "sherwood"})) == [example.title]


def test_vector_follows_topic_and_organisation_changes(client, london_trust):
    topic = TopicFactory(name="Outpatients", slug="outpatients")
    example = published(title="Clinic letters", organisation=london_trust, topics=[])
    assert titles(client.get(URL, {"q": "outpatients"})) == []
    example.topics.add(topic)
    assert titles(client.get(URL, {"q": "outpatients"})) == [example.title]
    topic.name = "Ambulatory clinics"
    topic.save()
    assert titles(client.get(URL, {"q": "ambulatory"})) == [example.title]
    example.topics.remove(topic)
    assert titles(client.get(URL, {"q": "ambulatory"})) == []
    london_trust.name = "Lambeth Riverside Trust"
    london_trust.save()
    assert titles(client.get(URL, {"q": "lambeth"})) == [example.title]
    example.refresh_from_db()
    assert example.facet_region_id == london_trust.region_id


def test_facet_columns_copy_region_type_topics_with_parents_and_year(london_trust):
    parent = TopicFactory(name="Access", slug="access")
    child = TopicFactory(name="Waiting lists", slug="waiting", parent=parent)
    example = published(year=2001, organisation=london_trust, topics=[child])
    example.refresh_from_db()
    assert example.facet_topic_ids == sorted([parent.pk, child.pk])
    assert example.facet_year == 2001
    assert example.facet_organisation_type == london_trust.type
    assert example.facet_region_id == london_trust.region_id


def test_snippet_highlights_matches_and_escapes_markup(client, london_trust):
    published(
        title="<i>Discharge</i> lounge",
        summary="<script>alert(1)</script> Patients leave by noon & beds free up.",
        organisation=london_trust,
    )
    html = client.get(URL, {"q": "noon"}).text
    assert "<mark>noon</mark> &amp; beds" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;i&gt;Discharge&lt;/i&gt; lounge" in html


def test_highlight_never_passes_markup_through():
    snippet = search.highlight('<img src=x onerror="1">\ue000word\ue001')
    assert str(snippet) == "&lt;img src=x onerror=&quot;1&quot;&gt;<mark>word</mark>"


# -- Facets -------------------------------------------------------------------


@pytest.fixture
def facet_world(london, trent):
    """Examples spread over regions, topics, settings, evidence, types, years."""
    parent = TopicFactory(name="Access", slug="access")
    waiting = TopicFactory(name="Waiting lists", slug="waiting", parent=parent)
    outpatients = TopicFactory(name="Outpatients", slug="outpatients", parent=parent)
    cancer = TopicFactory(name="Cancer", slug="cancer")
    organisations = [
        OrganisationFactory(region=london, type="nhs_trust"),
        OrganisationFactory(region=trent, type="health_authority"),
        OrganisationFactory(region=region("eastern"), type="primary_care_group"),
    ]
    topic_sets = [[waiting], [outpatients], [cancer], [waiting, cancer], []]
    settings_ = ["acute", "primary", "community", ""]
    ratings = ["strong", "moderate", "anecdotal"]
    for n in range(30):
        published(
            year=1999 + n % 3,
            title=f"Clinic improvement {n}" if n % 4 else f"Theatre list {n}",
            organisation=organisations[n % 3],
            topics=topic_sets[n % 5],
            care_setting=settings_[n % 4],
            evidence_rating=ratings[n % 3],
            is_beacon=n % 7 == 0,
        )
    return {"parent": parent, "waiting": waiting, "cancer": cancer, "london": london}


def brute_force(examples, chosen: dict, facet: str) -> dict[str, int]:
    """Count a facet the slow way: every other chosen facet applies, OR within one."""

    def value_of(example, name):
        return {
            "region": [str(example.organisation.region_id)],
            "topic": sorted(
                {str(t.pk) for t in example.topics.all()}
                | {str(t.parent_id) for t in example.topics.all() if t.parent_id}
            ),
            "care_setting": [example.care_setting] if example.care_setting else [],
            "evidence": [example.evidence_rating] if example.evidence_rating else [],
            "organisation_type": [example.organisation.type],
            "beacon": ["yes" if example.is_beacon else "no"],
            "year": [str(example.published_at.astimezone(LONDON_TZ).year)],
        }[name]

    counts: dict[str, int] = {}
    for example in examples:
        if any(
            not set(value_of(example, name)) & set(values)
            for name, values in chosen.items()
            if name != facet
        ):
            continue
        for value in value_of(example, facet):
            counts[value] = counts.get(value, 0) + 1
    return counts


@pytest.mark.parametrize(
    "query,chosen",
    [
        ({}, {}),
        ({"q": "clinic"}, {}),
        ({"q": "clinic"}, {"region": "london", "evidence": ["strong", "moderate"]}),
        ({}, {"topic": "parent", "year": ["2000"], "beacon": ["no"]}),
        ({"q": "theatre or clinic"}, {"care_setting": ["acute", "primary"], "topic": "cancer"}),
    ],
)
def test_facet_counts_equal_a_brute_force_count(client, facet_world, query, chosen):
    resolved = {}
    for name, values in chosen.items():
        if name == "region":
            values = [str(facet_world["london"].pk)]
        elif name == "topic":
            values = [str(facet_world[values].pk)]
        resolved[name] = values
    if not query and not resolved:
        query = {"q": "improvement or theatre"}
    response = client.get(URL, {**query, **resolved})
    result = response.context["result"]
    assert not result.estimated
    examples = [
        e
        for e in PracticeExample.objects.published()
        .select_related("organisation")
        .prefetch_related("topics")
        if not query.get("q")
        or {"clinic": "Clinic" in e.title, "theatre or clinic": True}.get(query["q"], True)
    ]
    for facet in result.facets:
        shown = {value.value: value.count for value in facet.values if value.count}
        assert shown == brute_force(examples, resolved, facet.name), facet.name
    everything = brute_force(examples, resolved, "beacon")
    matching = sum(
        count for value, count in everything.items() if value in resolved.get("beacon", [value])
    )
    assert result.total == matching


def test_filters_combine_or_within_a_facet_and_across_facets(client, facet_world):
    london = str(facet_world["london"].pk)
    one = client.get(URL, {"q": "clinic", "care_setting": "primary"}).context["result"]
    two = client.get(URL, {"q": "clinic", "care_setting": ["primary", "community"]})
    both = client.get(URL, {"q": "clinic", "care_setting": "primary", "region": london})
    assert (one.total, two.context["result"].total, both.context["result"].total) == (8, 15, 2)


def test_choosing_a_parent_topic_finds_its_sub_topics(client, facet_world):
    response = client.get(URL, {"topic": facet_world["parent"].pk})
    result = response.context["result"]
    assert result.total == 18  # waiting (n%5 in 0,3) and outpatients (n%5 == 1)


def test_sample_counts_are_scaled_and_called_estimates(client, facet_world, monkeypatch):
    monkeypatch.setattr(search.counts, "sample_level", lambda estimate: 16)
    monkeypatch.setattr(search.counts, "EXACT_LIMIT", 5)
    response = client.get(URL, {"q": "clinic"})
    result = response.context["result"]
    assert result.estimated and result.facets_estimated
    assert result.total >= 20
    assert "About " in response.text


def test_a_small_total_from_a_sample_is_counted_exactly(client, facet_world, monkeypatch):
    # Only ever "about" more than EXACT_LIMIT: a sample showing fewer is recounted.
    monkeypatch.setattr(search.counts, "sample_level", lambda estimate: 16)
    exact = client.get(URL, {"q": "clinic"})
    brute = PracticeExample.objects.published().filter(title__icontains="clinic").count()
    result = exact.context["result"]
    assert not result.estimated
    assert result.total == brute
    assert result.facets_estimated  # the facets still come from the sample
    assert "About " not in exact.text


# -- Sorting and paging ---------------------------------------------------------


@pytest.fixture
def many(london_trust):
    return [
        published(
            title=f"Triage pathway {n:02d}",
            published_at=datetime(2000, 1, 1 + n % 28, n % 24, tzinfo=LONDON_TZ),
            organisation=london_trust,
            topics=[],
        )
        for n in range(45)
    ]


def test_sorts_by_newest_and_title(client, many):
    newest = titles(client.get(URL, {"q": "triage", "sort": "newest"}))
    expected = sorted(many, key=lambda e: (e.published_at, e.pk), reverse=True)
    assert newest == [e.title for e in expected[:20]]
    by_title = titles(client.get(URL, {"q": "triage", "sort": "title"}))
    assert by_title == [f"Triage pathway {n:02d}" for n in range(20)]


@pytest.mark.parametrize(
    "page,shown,first",
    [("1", 1, "Triage pathway 00"), ("3", 3, "Triage pathway 40"), ("99", 3, "Triage pathway 40")],
)
def test_pages_of_twenty(client, many, page, shown, first):
    response = client.get(URL, {"q": "triage", "sort": "title", "page": page})
    result = response.context["result"]
    assert result.page == shown
    assert result.page_count == 3
    assert titles(response)[0] == first
    assert len(titles(response)) == (5 if shown == 3 else 20)
    assert 'aria-current="page"' in response.text


@pytest.mark.parametrize("page", ["-1", "abc", "0", "", "1e9", "²", "99999999999999"])
def test_odd_page_numbers_show_a_page(client, many, page):
    response = client.get(URL, {"q": "triage", "page": page})
    assert response.status_code == 200
    assert response.context["result"].page in (1, 3)


def test_pagination_links_keep_the_search(client, many):
    html = client.get(URL, {"q": "triage", "sort": "title", "page": "2"}).text
    assert 'href="?q=triage&amp;sort=title&amp;page=3"' in html
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_search_page_uses_a_fixed_number_of_queries(client, facet_world, many):
    def count(params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    published_version()  # kept in the shared cache from the first page on
    few = count({"q": "theatre", "region": str(facet_world["london"].pk)})
    lots = count({"q": "triage"})
    filtered = count({"q": "clinic", "evidence": ["strong"], "year": ["2000"]})
    assert few == lots == filtered
    assert few <= 10


# -- Empty, no results and hostile input ----------------------------------------


def test_empty_search_explains_and_lists_topics(client, facet_world):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Type a few words" in response.text
    assert "Waiting lists" in response.text


def test_no_results_suggests_what_to_try(client, facet_world):
    response = client.get(URL, {"q": "zebra", "evidence": "strong"})
    html = response.text
    assert "No examples found" in html
    assert "use fewer words" in html
    assert "remove a filter" in html
    assert "Browse by topic" in html


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        '"unbalanced quote',
        '"',
        "'; DROP TABLE practice_db_practiceexample; --",
        "<b>bold</b><script>x</script>",
        "nul\x00byte",
        "a & b | c ! ( ) : * <-> '",
        "or or or",
        "-",
        "the and of",
        "\u0000\u0001\u001f",
        "émigré café naïve",
    ],
)
def test_hostile_queries_get_a_page(client, london_trust, query):
    published(title="Bold ideas", organisation=london_trust)
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<b>bold</b>" not in response.text
    assert "<script>x" not in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"region": "999999"},
        {"region": "london"},
        {"topic": "x"},
        {"evidence": "excellent"},
        {"sort": "price"},
        {"year": "1066"},
        {"year": "2101"},
        {"year": "２０００"},
        {"year": "0x7d0"},
        {"year": "9" * 5000},
        {"beacon": "maybe"},
    ],
)
def test_unknown_filter_values_get_a_400_page(client, london_trust, params):
    response = client.get(URL, {"q": "clinic", **params})
    assert response.status_code == 400
    assert "could not understand" in response.text


def test_a_year_filters_by_the_year_published(client, london_trust):
    published(year=1999, title="Clinic in 1999", organisation=london_trust)
    published(year=2001, title="Clinic in 2001", organisation=london_trust)
    assert titles(client.get(URL, {"q": "clinic", "year": "2001"})) == ["Clinic in 2001"]
    assert titles(client.get(URL, {"q": "clinic", "year": "1990"})) == []


def test_organisations_matching_the_words_are_named_beside_the_results(client, trent):
    OrganisationFactory(name="Sherwood Forest Hospice Trust", code="RSH", region=trent)
    OrganisationFactory(name="Nottingham City Hospital", code="RX1", region=trent)
    by_name = client.get(URL, {"q": "FOREST hospice"}).context["organisations"]
    assert [(row.name, row.region) for row in by_name] == [
        ("Sherwood Forest Hospice Trust", "Trent")
    ]
    assert [row.name for row in client.get(URL, {"q": "rx1"}).context["organisations"]] == [
        "Nottingham City Hospital"
    ]
    assert client.get(URL, {"q": "hospital"}).context["organisations"][0].name == (
        "Nottingham City Hospital"
    )
    response = client.get(URL, {"q": "forest"})
    assert '<td class="nhsuk-table__cell">Trent</td>' in response.text


def test_sql_in_a_query_is_only_words(client, london_trust):
    published(title="Drop-in clinic", organisation=london_trust)
    client.get(URL, {"q": "drop table practice_db_practiceexample"})
    assert PracticeExample.objects.count() == 1


def test_header_search_box_searches_everything(client):
    html = client.get(reverse("home")).text
    assert re.search(r'<form[^>]*action="/search/"', html)


def test_filterset_filters_a_queryset_like_the_search_page(facet_world):
    from django.http import QueryDict

    from practice_db.filters import ExampleSearchFilter

    london = facet_world["london"].pk
    query = QueryDict(f"q=clinic&care_setting=primary&region={london}")
    filterset = ExampleSearchFilter(query, choices=search.FacetChoices.load())
    assert filterset.is_valid()
    titles = sorted(filterset.qs.values_list("title", flat=True))
    assert titles == ["Clinic improvement 21", "Clinic improvement 9"]


def test_a_far_too_low_estimate_is_caught_and_counted_from_a_sample(
    client, facet_world, monkeypatch
):
    monkeypatch.setattr(search.counts, "EXACT_LIMIT", 5)
    monkeypatch.setattr(search.counts, "estimate_matches", lambda params: search.Estimate(1, 30))
    with CaptureQueriesContext(connection) as queries:
        result = client.get(URL, {"q": "clinic"}).context["result"]
    assert result.estimated
    samples = [q["sql"] for q in queries if "MATERIALIZED" in q["sql"]]
    assert len(samples) >= 2
    assert "% 16 = 0" in samples[1]


def test_an_old_example_whose_title_matches_comes_first_among_many_newer(
    client, london_trust, monkeypatch
):
    # Relevance used to rank only the newest matches: with more newer matches
    # than it ranks, an older example whose title matches was never seen.
    monkeypatch.setattr(search.results, "MAX_RESULTS", 5)
    old = published(year=1998, title="Falls clinic for older people", organisation=london_trust)
    for n in range(8):
        published(
            year=2002,
            title=f"Ward audit {n}",
            problem="A falls clinic was discussed with older people.",
            organisation=london_trust,
        )
    result = client.get(URL, {"q": "falls clinic for older people"}).context["result"]
    assert result.results[0].pk == old.pk
    assert len(result.results) == 5  # still only as many as the pages reach


def test_summary_matches_are_ranked_whatever_their_age(client, london_trust, monkeypatch):
    monkeypatch.setattr(search.results, "MAX_RESULTS", 3)
    old = published(
        year=1997, title="Night cover", summary="Hospital at night team.", organisation=london_trust
    )
    for n in range(5):
        published(year=2003, title=f"Rota {n}", results="Night team.", organisation=london_trust)
    assert old.pk in [r.pk for r in client.get(URL, {"q": "night team"}).context["result"].results]


def test_title_vector_follows_edits_to_title_and_summary(london_trust):
    example = published(title="Stroke unit", summary="Early discharge.", organisation=london_trust)
    example.title, example.summary = "Heart failure nurses", "Home visits."
    example.save()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title_vector::text FROM practice_db_practiceexample WHERE id = %s",
            [example.pk],
        )
        vector = cursor.fetchone()[0]
    assert "'heart':1A" in vector and "'visit':5B" in vector
    assert "stroke" not in vector and "discharg" not in vector


def test_a_left_out_word_in_the_body_drops_a_title_match(client, london_trust):
    kept = published(title="Stroke rehabilitation at home", organisation=london_trust)
    published(
        title="Stroke rehabilitation wards",
        problem="Patients with cancer too.",
        organisation=london_trust,
    )
    assert [r.pk for r in client.get(URL, {"q": "stroke -cancer"}).context["result"].results] == [
        kept.pk
    ]


def test_bench_title_recall_counts_titles_found_on_the_first_page(london_trust):
    for title in ("Falls clinic for older people", "Leg ulcer nurses", "Asthma at school"):
        PracticeExampleFactory(published=True, title=title, organisation=london_trust)
    recall = title_recall(3, seed=1)
    assert (recall["titles"], recall["ours_first_page"], recall["plain_first_page"]) == (3, 3, 3)


def test_a_phrase_by_relevance_pages_through_fewer_results(client, many, monkeypatch):
    monkeypatch.setattr(search.results, "RANK_CANDIDATES_RECHECKED", 25)
    phrase = client.get(URL, {"q": '"triage pathway"'}).context["result"]
    assert (phrase.total, phrase.page_count, phrase.capped) == (45, 2, True)
    last = client.get(URL, {"q": '"triage pathway"', "page": "2"})
    assert len(titles(last)) == 5
    newest = client.get(URL, {"q": '"triage pathway"', "sort": "newest"}).context["result"]
    assert newest.page_count == 3


@pytest.mark.parametrize(
    "count,shown", [(0, 0), (64, 64), (896, 900), (17_456, 17_000), (999_424, 1_000_000)]
)
def test_sampled_counts_are_rounded_to_two_figures(count, shown):
    assert search.about(count) == shown


def test_snippets_show_markdown_as_plain_text():
    markdown = "Beds blocked.\n- A **bed manager** each day\n- 73% home\n## Cost"
    snippet = search.plain_snippet(markdown)
    assert snippet == "Beds blocked. · A bed manager each day · 73% home Cost"
    assert search.plain_snippet("- starts with a bullet") == "starts with a bullet"


# -- The statements themselves ----------------------------------------------------


def test_search_statements_quote_every_name_and_pass_the_status(facet_world, monkeypatch):
    # Every kind of statement: a sample's counts, the exact recount, each sort.
    monkeypatch.setattr(search.counts, "sample_level", lambda estimate: 16)
    london = facet_world["london"].pk
    searches = [
        search.SearchParams(q="clinic", filters={"region": (london,)}, sort=sort)
        for sort in search.SORTS
    ] + [search.SearchParams(filters={"year": (2000,)})]
    choices = search.FacetChoices.load()
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        for params in searches:
            assert search.run_search(params, 1, choices).results
            assert list(search.iter_results(params))
    # Five for each, and the planner's estimate once more for the relevance
    # search streamed: it chooses which title matches are ranked.
    assert len(statements) == 5 * len(searches) + 1
    names = {"practice_db_practiceexample", "directory_organisation", "directory_region"}
    for model in (PracticeExample, Organisation, Region):
        names |= {field.column for field in model._meta.concrete_fields}
    for sql, params in statements:
        assert "'published'" not in sql
        assert "published" in params
        for name in names:
            # Quoted names only; a facet's name as a string ('region') is no name.
            assert not re.search(rf"(?<![\"'\w]){name}(?![\"'\w])", sql), (name, sql)


def test_table_and_column_names_follow_the_models_meta():
    field = SimpleNamespace(attname="title", column="Example title")
    meta = SimpleNamespace(db_table="ln_examples", concrete_fields=[field])
    columns = Columns(SimpleNamespace(_meta=meta))
    assert (columns.table, columns.title) == ('"ln_examples"', '"Example title"')
    with pytest.raises(AttributeError):
        _ = columns.summary


def test_result_rows_are_read_by_name(client, london_trust):
    example = published(
        title="Stroke unit",
        summary="Stroke patients reach the unit within four hours.",
        organisation=london_trust,
        care_setting="acute",
        evidence_rating="strong",
        is_beacon=True,
    )
    [row] = search.iter_results(search.SearchParams(q="stroke"))
    assert row._asdict() == {
        "id": example.pk,
        "title": "Stroke unit",
        "organisation": london_trust.name,
        "region": london_trust.region.name,
        "organisation_type": london_trust.type,
        "care_setting": "acute",
        "evidence_rating": "strong",
        "is_beacon": True,
        "published_at": example.published_at,
        "summary": "Stroke patients reach the unit within four hours.",
    }
    [result] = client.get(URL, {"q": "stroke"}).context["result"].results
    assert (result.pk, result.title, result.organisation, result.region) == (
        example.pk,
        "Stroke unit",
        london_trust.name,
        london_trust.region.name,
    )
    assert result.published_at == example.published_at
    assert str(result.snippet).startswith("<mark>Stroke</mark> patients")
