"""Every page of the practice database, tried by every persona in every state.

The example comes from `staff` at a London trust. Anyone who may not know it
exists gets a 404; anyone who may see it but not do the thing gets a 403; a moderator asking for
something the example's status does not allow gets a 409.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_db import services
from practice_db.models import Revision, Status
from tests.conftest import PERSONAS
from tests.factories import PracticeExampleFactory

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
        case "edit":
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
            status=status,
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
    "revision": ("get", {}),
    "take": ("post", {}),
    "contact": ("post", {"message": "How did you do it?"}),
    "attachment": ("get", {}),
    "act": ("post", {"action": "archive", "version": 1}),  # last: it may change the state
}


@pytest.mark.parametrize("status", list(SEES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_example_page_answers_each_persona_in_each_state(
    client_as, example_in, persona, status
):
    example, attachment = example_in(status)
    client = client_as(persona)
    answers = {}
    for url_name, (method, data) in REQUESTS.items():
        pk = attachment.pk if url_name == "attachment" else example.pk
        response = getattr(client, method)(reverse(f"practice_db:{url_name}", args=[pk]), data)
        answers[url_name] = response.status_code
    assert answers == {name: expected(name, persona, status) for name in REQUESTS}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "url",
    [
        reverse("practice_db:browse"),
        reverse("practice_db:topics"),
        reverse("practice_db:region", args=["london"]),
        reverse("practice_db:mine"),
        reverse("practice_db:create"),
        reverse("practice_db:queue"),
    ],
)
def test_every_list_page_answers_each_persona(client_as, persona, url):
    response = client_as(persona).get(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response.url
    elif url == reverse("practice_db:queue"):
        moderators = {"moderator_london", "moderator_trent", "national_moderator"}
        assert response.status_code == (200 if persona in moderators else 403)
    else:
        assert response.status_code == 200
