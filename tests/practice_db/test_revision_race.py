"""Approving a revision while its author replaces it: two real transactions at
once on PostgreSQL. Both lock the example before its revision, so they queue
rather than deadlock, and one of them wins cleanly."""

import threading
from unittest import mock

import pytest
from django.db import connection

from learning_network.errors import DomainError
from practice_db import services
from practice_db.models import PracticeExample, Revision, RevisionStatus, Status
from tests.factories import PracticeExampleFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_approving_and_replacing_a_revision_at_once_never_deadlocks(reference_data):
    submitter = UserFactory(email="submitter@trust.nhs.uk")
    moderator = UserFactory(email="moderator@ha.nhs.uk", regions=["london"])
    example = PracticeExampleFactory(
        submitter=submitter,
        organisation=submitter.organisation,
        status=Status.PUBLISHED,
        title="Live",
    )
    _, first = services.save_example(
        actor=submitter,
        example=example,
        values={"title": "First proposal"},
        topics=list(example.topics.all()),
        expected_version=example.version,
    )
    example.refresh_from_db()
    seen_version = example.version

    # Each transaction reaches the example's lock at the same moment: the one
    # replacing the revision takes it first, the one approving waits for it.
    both_there = threading.Barrier(2, timeout=10)
    real_lock = services._lock

    def lock_in_step(example_id):
        if threading.current_thread().name == "approver":
            both_there.wait()
            return real_lock(example_id)
        locked = real_lock(example_id)
        both_there.wait()
        return locked

    outcomes: dict[str, str] = {}
    failures: list[BaseException] = []

    def approve():
        services.decide_revision(
            actor=moderator, revision_id=first.pk, approve=True, expected_version=seen_version
        )

    def replace():
        services.save_example(
            actor=submitter,
            example=PracticeExample.objects.get(pk=example.pk),
            values={"title": "Second proposal"},
            topics=list(example.topics.all()),
            expected_version=seen_version,
        )

    def run(work):
        name = threading.current_thread().name
        try:
            work()
            outcomes[name] = "done"
        except DomainError as error:  # a refusal the person is shown: 409, never a 500
            outcomes[name] = type(error).__name__
        except BaseException as error:  # noqa: BLE001 (reported to the test below)
            failures.append(error)
        finally:
            connection.close()

    with mock.patch.object(services, "_lock", side_effect=lock_in_step):
        threads = [
            threading.Thread(target=run, args=[approve], name="approver"),
            threading.Thread(target=run, args=[replace], name="replacer"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert failures == []
    assert outcomes == {"replacer": "done", "approver": "Conflict"}
    example.refresh_from_db()
    assert example.title == "Live"  # nothing the moderator did not read went live
    assert Revision.objects.get(pk=first.pk).status == RevisionStatus.WITHDRAWN
    pending = Revision.objects.get(example=example, status=RevisionStatus.PENDING)
    assert pending.content["title"] == "Second proposal"
