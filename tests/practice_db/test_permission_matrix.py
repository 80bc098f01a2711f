"""Every page of the practice database, tried by every persona in every state.

The example comes from `staff` at a London trust. Anyone who may not know it
exists gets a 404; anyone who may see it but not do the thing gets a 403; a
moderator asking for something the example's status does not allow gets a 409;
anonymous visitors are sent to sign in. A failure lists every wrong answer
for the state at once.
"""

import functools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_db import services
from practice_db.models import Revision, Status
from tests.conftest import PERSONAS
from tests.factories import PracticeExampleFactory
from tests.helpers import assert_ladder, assert_no_mismatches, ladder, ladder_mismatches

pytestmark = pytest.mark.django_db

MODERATORS = {"moderator_london", "national_moderator"}
SEES = {
    Status.DRAFT: {"staff"},
    **dict.fromkeys(
        [Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.REJECTED, Status.ARCHIVED],
        {"staff", *MODERATORS},
    ),
    Status.PUBLISHED: set(PERSONAS) - {"anonymous"},
}


def expected(url_name: str, persona: str, status: str) -> int:
    if persona == "anonymous":
        return 302  # to the sign-in page
    if persona not in SEES[status]:
        return 404
    waiting = status in {Status.SUBMITTED, Status.CHANGES_REQUESTED}
    match url_name:
        case "example" | "attachment":
            return 200
        case "edit" | "edit_section" | "check":
            if persona == "staff":
                return (
                    200
                    if status in {Status.DRAFT, Status.CHANGES_REQUESTED, Status.PUBLISHED}
                    else 403
                )
            return 200 if persona in MODERATORS and waiting else 403
        case "revision":
            has_revision = status == Status.PUBLISHED
            return 200 if has_revision and persona in {"staff", *MODERATORS} else 404
        case "act":  # archive: only a published example can be archived
            if persona not in MODERATORS:
                return 403
            return 302 if status == Status.PUBLISHED else 409
        case "take":
            if persona not in MODERATORS:
                return 403
            return 302 if waiting else 409
        case "contact":
            return 302 if status == Status.PUBLISHED else 403
    raise AssertionError(url_name)


@pytest.fixture
def example_in(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make(status):
        example = PracticeExampleFactory(
            submitter=staff,
            organisation=staff.organisation,
            status=status,  # the test is about each status in turn
            lead_consents=True,
        )
        [attachment], _ = services.stage_uploads(
            actor=staff, uploads=[SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")]
        )
        attachment.example = example
        attachment.save()
        if status == Status.PUBLISHED:
            Revision.objects.create(example=example, author=staff, content={"title": "Proposed"})
        return example, attachment

    return make


REQUESTS = {
    "example": ("get", {}),
    "edit": ("get", {}),
    "edit_section": ("get", {}),
    "check": ("get", {}),
    "revision": ("get", {}),
    "take": ("post", {}),
    "contact": ("post", {"message": "How did you do it?"}),
    "attachment": ("get", {}),
    "act": ("post", {"action": "archive", "version": 1, "confirmed": "yes"}),
}
# These change the example: a persona allowed to do them acts on an example of
# its own, so that what it did is not what the next persona finds.
CHANGE_IT = {"take", "act"}


@pytest.mark.parametrize("status", list(SEES))
def test_every_example_page_answers_each_persona_in_each_state(client_as, example_in, status):
    example, attachment = example_in(status)
    client_for = functools.cache(client_as)  # one signed-in client per persona

    def url(url_name: str):
        def for_persona(persona: str) -> str:
            if url_name == "attachment":
                return reverse("practice_db:attachment", args=[attachment.pk])
            allowed = expected(url_name, persona, status) == 302 and persona != "anonymous"
            target = example_in(status)[0] if url_name in CHANGE_IT and allowed else example
            if url_name == "edit_section":
                return reverse("practice_db:edit_section", args=[target.pk, "contact"])
            return reverse(f"practice_db:{url_name}", args=[target.pk])

        return for_persona

    assert_no_mismatches(
        mismatch
        for url_name, (method, data) in REQUESTS.items()
        for mismatch in ladder_mismatches(
            client_for,
            url(url_name),
            {persona: expected(url_name, persona, status) for persona in PERSONAS},
            method=method,
            data=data,
        )
    )


MODERATORS_OF_ANY_REGION = {"moderator_london", "moderator_trent", "national_moderator"}


@pytest.mark.parametrize(
    ("url", "answers"),
    [
        (reverse("practice_db:browse"), ladder(200)),
        (reverse("practice_db:topics"), ladder(200)),
        (reverse("practice_db:region", args=["london"]), ladder(200)),
        (reverse("practice_db:mine"), ladder(200)),
        (reverse("practice_db:create"), ladder(200)),
        (
            reverse("practice_db:queue"),
            ladder(403, **dict.fromkeys(MODERATORS_OF_ANY_REGION, 200)),
        ),
    ],
)
def test_every_list_page_answers_each_persona(client_as, url, answers):
    assert_ladder(client_as, url, answers)
