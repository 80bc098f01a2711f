"""What a search result shows: the words in context with "…" where a sentence
is cut, the summary when the words matched no text, and the browse lists' tags."""

import pytest
from django.urls import reverse

from practice_db.search.results import ELLIPSIS, shorten, snippet_for
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db

M0, M1 = "\ue000", "\ue001"


def test_a_snippet_cut_mid_sentence_says_so_at_each_end():
    summary = "Patients wait in a lounge."
    snippet = snippet_for(f"beds were {M0}blocked{M1} each morning by", summary)
    assert snippet == f"{ELLIPSIS}beds were <mark>blocked</mark> each morning by{ELLIPSIS}"


def test_a_snippet_from_the_start_of_the_text_to_a_full_stop_has_no_ellipsis():
    summary = "Patients wait in a lounge while transport comes."
    snippet = snippet_for(f"Patients {M0}wait{M1} in a lounge.", summary)
    assert snippet == "Patients <mark>wait</mark> in a lounge."


def test_a_snippet_that_leaves_out_the_first_little_word_has_no_ellipsis():
    summary = "A nurse-led lounge freed beds."
    assert snippet_for(f"nurse-led {M0}lounge{M1} freed beds.", summary) == (
        "nurse-led <mark>lounge</mark> freed beds."
    )


def test_a_snippet_with_no_matched_word_is_the_summary():
    summary = "A nurse-led lounge freed beds by noon."
    assert snippet_for("Beds were blocked each morning by patients", summary) == summary


def test_a_long_summary_is_cut_at_a_word_with_an_ellipsis():
    summary = " ".join(["word"] * 60)
    assert shorten(summary).endswith(f"word{ELLIPSIS}")
    assert len(shorten(summary).split()) == 45


def test_results_show_the_words_in_context_and_the_tags(client_as):
    PracticeExampleFactory(
        published=True,
        title="Lounge",
        summary="A nurse-led lounge.",
        problem="Every morning the wards were full because patients waited for zorbletransport "
        "to take them home, and the emergency department filled up",
        is_beacon=True,
        did_not_work=True,
        evidence_rating="strong",
    )
    html = client_as("staff").get(reverse("practice_db:search"), {"q": "zorbletransport"}).text
    assert "<mark>zorbletransport</mark>" in html
    assert f"{ELLIPSIS}" in html
    assert ">Beacon</strong>" in html
    assert ">Strong evidence</strong>" in html
    assert ">Did not work as hoped</strong>" in html


def test_a_result_matched_only_by_its_title_shows_its_summary(client_as):
    PracticeExampleFactory(
        published=True,
        title="Quintessentialplan for discharge",
        summary="Wards agreed one discharge time.",
        problem="Long text that does not name the title word at all.",
    )
    html = client_as("staff").get(reverse("practice_db:search"), {"q": "quintessentialplan"}).text
    assert "Wards agreed one discharge time." in html
    assert "Long text that does not" not in html
