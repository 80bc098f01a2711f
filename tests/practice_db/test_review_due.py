"""notify_review_due: a published example past its review date is flagged once."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from learning_network.email import absolute_url
from practice_db.models import PracticeExample, Status
from tests.factories import PracticeExampleFactory
from tests.helpers import run_at_once

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def published(staff, *, review_in_days: int, **fields) -> PracticeExample:
    return PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        published=True,
        review_date=TODAY() + timedelta(days=review_in_days),
        **fields,
    )


@pytest.fixture
def run(django_capture_on_commit_callbacks, capsys):
    """Run the command, sending what it queues; return what it printed."""

    def run_command(*args: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("notify_review_due", *args)
        return capsys.readouterr().out

    return run_command


def recipients(mailoutbox) -> list[tuple[str, ...]]:
    return sorted(tuple(message.to) for message in mailoutbox)


def test_due_example_is_emailed_to_its_lead_and_region_moderators(
    staff, moderator_london, moderator_trent, run, mailoutbox
):
    example = published(staff, review_in_days=0, lead_email="lead@trust.nhs.uk")

    output = run()

    assert recipients(mailoutbox) == [("lead@trust.nhs.uk",), (moderator_london.email,)]
    lead_email = next(m for m in mailoutbox if m.to == ["lead@trust.nhs.uk"])
    link = absolute_url(example.get_absolute_url())
    assert example.title in lead_email.subject
    assert link in lead_email.body
    digest = next(m for m in mailoutbox if m.to == [moderator_london.email])
    assert example.title in digest.body and link in digest.body
    example.refresh_from_db()
    assert example.review_notified_on == TODAY()
    assert "Flagged 1 example(s)" in output


def test_moderator_gets_one_digest_listing_every_due_example(
    staff, moderator_london, run, mailoutbox
):
    first = published(staff, review_in_days=-1, lead_email="first@trust.nhs.uk")
    second = published(staff, review_in_days=-400, lead_email="second@trust.nhs.uk")

    run()

    digests = [m for m in mailoutbox if m.to == [moderator_london.email]]
    assert len(digests) == 1
    assert first.title in digests[0].body and second.title in digests[0].body
    assert "2 examples due for review" in digests[0].subject
    assert recipients(mailoutbox) == [
        ("first@trust.nhs.uk",),
        (moderator_london.email,),
        ("second@trust.nhs.uk",),
    ]


def test_examples_not_yet_due_or_not_published_are_left_alone(
    staff, moderator_london, run, mailoutbox
):
    published(staff, review_in_days=1)
    for status in [Status.ARCHIVED, Status.SUBMITTED, Status.DRAFT]:
        PracticeExampleFactory(
            submitter=staff,
            organisation=staff.organisation,
            status=status,
            review_date=TODAY() - timedelta(days=30),
        )

    output = run()

    assert mailoutbox == []
    assert not PracticeExample.objects.filter(review_notified_on__isnull=False).exists()
    assert "Flagged 0 example(s)" in output


def test_running_again_sends_nothing_twice(staff, moderator_london, run, mailoutbox):
    published(staff, review_in_days=-3)
    run()
    assert len(mailoutbox) == 2

    run()

    assert len(mailoutbox) == 2


def test_example_with_a_new_review_date_is_flagged_again(staff, moderator_london, run, mailoutbox):
    # Flagged for an earlier review date; since re-published with a later one.
    published(
        staff,
        review_in_days=-1,
        review_notified_on=TODAY() - timedelta(days=60),
        lead_email="lead@trust.nhs.uk",
    )
    # Flagged already for the review date it still has.
    published(staff, review_in_days=-5, review_notified_on=TODAY() - timedelta(days=2))

    run()

    assert recipients(mailoutbox) == [("lead@trust.nhs.uk",), (moderator_london.email,)]


def test_example_without_a_lead_email_still_goes_to_moderators(
    staff, moderator_london, run, mailoutbox
):
    published(staff, review_in_days=0, lead_email="")

    run()

    assert recipients(mailoutbox) == [(moderator_london.email,)]


def test_region_without_its_own_moderator_goes_to_national_moderators(
    staff, national_moderator, run, mailoutbox
):
    published(staff, review_in_days=0, lead_email="lead@trust.nhs.uk")

    run()

    assert recipients(mailoutbox) == [("lead@trust.nhs.uk",), (national_moderator.email,)]


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(
    staff, moderator_london, run, mailoutbox
):
    example = published(staff, review_in_days=0, lead_email="lead@trust.nhs.uk")

    output = run("--dry-run")

    assert mailoutbox == []
    assert "Would email lead@trust.nhs.uk" in output
    assert f"Would email moderator {moderator_london.email} a digest of 1" in output
    assert "Dry run: would flag 1 example(s)" in output
    example.refresh_from_db()
    assert example.review_notified_on is None


@pytest.mark.django_db(transaction=True)
def test_example_locked_by_another_copy_is_left_to_it(
    reference_data, staff, moderator_london, mailoutbox
):
    example = published(staff, review_in_days=0, lead_email="lead@trust.nhs.uk")
    locked, finished = threading.Event(), threading.Event()

    def other_copy_holds_the_row():
        with transaction.atomic():
            PracticeExample.objects.select_for_update().get(pk=example.pk)
            locked.set()
            assert finished.wait(timeout=10)

    def this_copy_runs_meanwhile():
        try:
            assert locked.wait(timeout=10)
            call_command("notify_review_due")
            return list(mailoutbox)
        finally:
            finished.set()

    holder, runner = run_at_once(other_copy_holds_the_row, this_copy_runs_meanwhile)
    holder.get()
    assert runner.get() == []
    example.refresh_from_db()
    assert example.review_notified_on is None

    call_command("notify_review_due")
    assert len(mailoutbox) == 2


def test_reminders_carry_a_link_that_stops_them_for_that_address(
    staff, moderator_london, run, mailoutbox, client
):
    published(staff, review_in_days=0, lead_email="lead@trust.nhs.uk")
    run()
    for message in mailoutbox:
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.extra_headers["List-Unsubscribe"].strip("<>") in message.body
    lead_email = next(m for m in mailoutbox if m.to == ["lead@trust.nhs.uk"])
    link = lead_email.extra_headers["List-Unsubscribe"].strip("<>")
    assert client.post(link.removeprefix(absolute_url(""))).status_code == 200

    published(staff, review_in_days=-1, lead_email="lead@trust.nhs.uk")
    run()

    # The lead asked for no more; the moderator still gets the digest.
    assert recipients(mailoutbox[2:]) == [(moderator_london.email,)]


def test_a_lead_who_has_not_confirmed_is_not_written_to_and_the_submitter_is(
    staff, moderator_london, run, mailoutbox
):
    example = published(staff, review_in_days=0, lead_email="unconfirmed@trust.nhs.uk")
    PracticeExample.objects.filter(pk=example.pk).update(
        lead_confirmed_at=None, lead_confirmed_email=""
    )

    run()

    assert recipients(mailoutbox) == sorted([(staff.email,), (moderator_london.email,)])
