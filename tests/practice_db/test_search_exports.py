"""Search results as CSV and Atom, saved searches, and their email alerts."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practice_db.alerts import send_search_alerts
from practice_db.models import SavedSearch, SearchAlert
from practice_db.unsubscribe import saved_search_link
from tests.factories import PracticeExampleFactory, UserFactory

URL = "/practice/search/"


def published(**kwargs):
    kwargs.setdefault("summary", "A short account of the change.")
    for section in ("problem", "what_was_done", "results"):
        kwargs.setdefault(section, "")
    return PracticeExampleFactory(published=True, **kwargs)


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


# -- CSV and Atom -----------------------------------------------------------------


def test_csv_streams_the_matching_examples(client_as, london_trust):
    stroke = published(title="Stroke unit", organisation=london_trust)
    published(title="Hip fracture clinic", organisation=london_trust)
    PracticeExampleFactory(title="Stroke draft", draft=True, organisation=london_trust)
    response = client_as("staff").get(reverse("practice_db:search_csv"), {"q": "stroke"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Title", "Organisation", "Region"]
    assert [row[0] for row in rows[1:]] == ["Stroke unit"]
    assert rows[1][1] == london_trust.name
    assert rows[1][-1].endswith(f"/practice/examples/{stroke.pk}/")
    # Words as on the page, not the stored codes.
    assert "NHS trust" in rows[1] and "Moderate" in rows[1]
    assert "nhs_trust" not in rows[1]


def test_csv_cells_never_start_a_formula(client_as, london_trust):
    published(title="=HYPERLINK(1) stroke", organisation=london_trust)
    rows = read_csv(client_as("staff").get(reverse("practice_db:search_csv"), {"q": "stroke"}))
    assert rows[1][0] == "'=HYPERLINK(1) stroke"


def test_csv_with_unknown_filters_is_a_400(client_as):
    response = client_as("staff").get(reverse("practice_db:search_csv"), {"region": "nowhere"})
    assert response.status_code == 400


def test_atom_feed_lists_newest_matches(client_as, london_trust):
    now = timezone.now()
    published(title="Older stroke work", organisation=london_trust, published_at=now - timedelta(1))
    published(title="Newer stroke work", organisation=london_trust, published_at=now)
    published(title="Hip clinic", organisation=london_trust)
    response = client_as("staff").get(reverse("practice_db:search_feed"), {"q": "stroke"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.text
    assert "Practice examples matching “stroke”" in body
    assert re.findall(r"<entry><title>([^<]+)</title>", body) == [
        "Newer stroke work",
        "Older stroke work",
    ]
    # The feed's own address keeps the search, for a reader that follows it.
    assert '<link href="http://testserver/practice/search/feed/?q=stroke" rel="self"/>' in body


def test_feed_and_csv_need_signing_in(client_as):
    assert client_as("anonymous").get(reverse("practice_db:search_feed")).status_code == 302
    assert client_as("anonymous").get(reverse("practice_db:search_csv")).status_code == 302


# -- Saving searches -----------------------------------------------------------------


def test_save_a_search_and_see_it_listed(client_as, staff, london):
    client = client_as("staff")
    response = client.post(
        reverse("practice_db:save_search"),
        {"name": "Stroke ideas", "q": "stroke", "region": str(london.pk), "sort": "relevance"},
    )
    saved = SavedSearch.objects.get(user=staff)
    assert saved.name == "Stroke ideas"
    assert saved.query_string == f"q=stroke&region={london.pk}"
    assert response.url == f"{URL}?q=stroke&region={london.pk}"
    listing = client.get(reverse("practice_db:saved_searches")).text
    assert "Stroke ideas" in listing


def test_saving_needs_a_name_and_a_unique_one(client_as, staff):
    client = client_as("staff")
    client.post(reverse("practice_db:save_search"), {"name": "", "q": "stroke"})
    assert not SavedSearch.objects.exists()
    client.post(reverse("practice_db:save_search"), {"name": "Mine", "q": "stroke"})
    client.post(reverse("practice_db:save_search"), {"name": "Mine", "q": "falls"})
    assert SavedSearch.objects.count() == 1


def test_saving_a_name_with_nul_and_control_characters(client_as, staff):
    response = client_as("staff").post(
        reverse("practice_db:save_search"), {"name": "Falls\x00 and\x07 trips", "q": "falls"}
    )
    assert response.status_code == 302
    assert SavedSearch.objects.get(user=staff).name == "Falls and trips"


def test_saving_refuses_unknown_filters(client_as):
    response = client_as("staff").post(
        reverse("practice_db:save_search"), {"name": "Odd", "region": "atlantis"}
    )
    assert response.status_code == 400
    assert not SavedSearch.objects.exists()


def test_nobody_deletes_another_persons_saved_search(client_as, staff, editor):
    saved = SavedSearch.objects.create(user=staff, name="Mine", query_string="q=stroke")
    url = reverse("practice_db:delete_saved_search", args=[saved.pk])
    assert client_as("editor").post(url).status_code == 404
    assert client_as("staff").post(url).status_code == 302
    assert not SavedSearch.objects.exists()


# -- Alerts -----------------------------------------------------------------------


@pytest.fixture
def saved(staff):
    return SavedSearch.objects.create(
        user=staff,
        name="Stroke ideas",
        query_string="q=stroke",
        created_at=timezone.now() - timedelta(days=1),
    )


def test_alert_emails_new_matches_once_even_when_run_twice(
    saved, london_trust, mailoutbox, django_capture_on_commit_callbacks
):
    published(title="Stroke before saving", published_at=saved.created_at - timedelta(hours=1))
    new = published(title="Stroke early supported discharge", organisation=london_trust)
    published(title="Hip clinic", organisation=london_trust)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_search_alerts", stdout=io.StringIO())
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert mailoutbox[0].to == ["staff.member@trust.nhs.uk"]
    assert "Stroke early supported discharge" in body
    assert f"/practice/examples/{new.pk}/" in body
    assert "Stroke before saving" not in body
    assert "Hip clinic" not in body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_search_alerts() == 0
    assert len(mailoutbox) == 1
    assert SearchAlert.objects.count() == 1


def test_an_example_matching_two_saved_searches_is_sent_once(
    saved, staff, london_trust, mailoutbox, django_capture_on_commit_callbacks
):
    SavedSearch.objects.create(
        user=staff,
        name="Discharge",
        query_string="q=discharge",
        created_at=saved.created_at,
    )
    published(title="Stroke discharge service", organisation=london_trust)
    with django_capture_on_commit_callbacks(execute=True):
        send_search_alerts()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].body.count("Stroke discharge service") == 1


def test_each_saver_gets_their_own_email(
    saved, london_trust, mailoutbox, django_capture_on_commit_callbacks
):
    other = UserFactory(email="other@trust.nhs.uk")
    SavedSearch.objects.create(
        user=other, name="Strokes", query_string="q=stroke", created_at=saved.created_at
    )
    published(title="Stroke unit", organisation=london_trust)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_search_alerts() == 2
    assert sorted(message.to[0] for message in mailoutbox) == [
        "other@trust.nhs.uk",
        "staff.member@trust.nhs.uk",
    ]


def test_unsubscribe_link_works_without_signing_in(
    saved, client_as, london_trust, mailoutbox, django_capture_on_commit_callbacks
):
    published(title="Stroke unit", organisation=london_trust)
    with django_capture_on_commit_callbacks(execute=True):
        send_search_alerts()
    path = re.search(
        r"this search \(no sign-in needed\): http://\S+?(/unsubscribe/\S+/)", mailoutbox[0].body
    )[1]
    anonymous = client_as("anonymous")
    page = anonymous.get(path)
    assert page.status_code == 200
    assert "Unsubscribe from emails for the saved search “Stroke ideas”" in page.text
    saved.refresh_from_db()
    assert saved.alerts  # a link checker following the link changes nothing
    assert anonymous.post(path).status_code == 200
    saved.refresh_from_db()
    assert not saved.alerts
    published(title="Another stroke unit", organisation=london_trust)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_search_alerts() == 0


def test_the_email_lets_mail_programs_stop_every_saved_search_in_one_click(
    saved, staff, london_trust, mailoutbox, django_capture_on_commit_callbacks
):
    other = SavedSearch.objects.create(
        user=staff, name="Falls", query_string="q=falls", created_at=saved.created_at
    )
    published(title="Stroke unit", organisation=london_trust)
    with django_capture_on_commit_callbacks(execute=True):
        send_search_alerts()
    headers = mailoutbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = re.sub(r"^<https?://[^/]+|>$", "", headers["List-Unsubscribe"])
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not SavedSearch.objects.filter(alerts=True).exists()
    other.refresh_from_db()
    assert other.name == "Falls"  # the searches stay saved


@pytest.mark.parametrize("token", ["nonsense", "eyJzIjoxfQ:1:2"])
def test_a_bad_link_of_the_old_form_is_a_404(client_as, token):
    response = client_as("anonymous").get(reverse("practice_db:search_unsubscribe", args=[token]))
    assert response.status_code == 404


def test_a_link_of_the_old_form_still_stops_its_search(saved, client_as):
    old_token = signing.dumps(
        {"saved_search": saved.pk, "user": saved.user_id},
        salt="practice_db.saved-search.unsubscribe",
    )
    anonymous = client_as("anonymous")
    path = reverse("practice_db:search_unsubscribe", args=[old_token])
    page = anonymous.get(path, follow=True)
    assert page.redirect_chain[0][0].startswith("/unsubscribe/")
    assert "“Stroke ideas”" in page.text
    anonymous.post(page.redirect_chain[0][0])
    saved.refresh_from_db()
    assert not saved.alerts


def test_a_link_for_a_deleted_search_is_a_404(saved, client_as):
    path = reverse("unsubscribe", args=[saved_search_link(saved).token])
    saved.delete()
    assert client_as("anonymous").get(path).status_code == 404


def test_a_token_for_one_search_does_not_stop_another(saved, staff, client_as):
    other = SavedSearch.objects.create(user=staff, name="Falls", query_string="q=falls")
    token = saved_search_link(saved).token
    client_as("anonymous").post(reverse("unsubscribe", args=[token]))
    other.refresh_from_db()
    assert other.alerts


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_email_each_saver_once(reference_data, staff, london_trust, mailoutbox):
    import threading

    from django.db import connection

    SavedSearch.objects.create(
        user=staff,
        name="Stroke ideas",
        query_string="q=stroke",
        created_at=timezone.now() - timedelta(days=1),
    )
    published(title="Stroke unit", organisation=london_trust)
    both_started = threading.Barrier(2, timeout=10)
    results, errors = [], []

    def run() -> None:
        try:
            both_started.wait()
            results.append(send_search_alerts())
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(results) == [0, 1]
    assert [m.to for m in mailoutbox] == [["staff.member@trust.nhs.uk"]]
    assert SearchAlert.objects.count() == 1
