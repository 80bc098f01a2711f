"""An example: reading it, acting on it, its documents and contacting its lead."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache.utils import make_template_fragment_key
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions as roles
from learning_network.errors import Conflict, Invalid, NotAllowed, RateLimited, add_to_form
from learning_network.markdown import RENDERING
from learning_network.page_cache import read_ahead
from learning_network.rules import matches
from learning_network.views import breadcrumbs
from practice_db import permissions, services
from practice_db.forms import ContactLeadForm, DecisionForm
from practice_db.home import note_topics_viewed, read_ahead_version_and_viewed
from practice_db.models import (
    ACTIONS,
    Actor,
    Attachment,
    Follow,
    PracticeExample,
    RevisionStatus,
    Status,
    overdue_q,
)
from practice_db.moderation import after_decision, latest_moderator_comment, queue_position
from practice_db.published import published_version
from practice_db.templatetags.forum import forum_panel_key


def get_example_for_user(request: HttpRequest, pk: int, **annotations) -> PracticeExample:
    """The example, if this user may see it; a 404 from the query otherwise.

    A published example is one every signed-in person may read
    (`permissions.visible_q`), and nearly every example opened is one: it is
    looked for first by that rule alone, which is quicker to build than the
    whole of who may see what. `annotations` are read with it."""
    examples = (
        PracticeExample.objects.select_related("organisation__region", "submitter", "assigned_to")
        .defer("search_vector", "title_vector")  # search's alone, and large
        .annotate(**annotations)
        .order_by()  # one row by its key: no ordering to build
    )
    if roles.is_signed_in(request.user):
        published = next(iter(examples.filter(pk=pk, status=Status.PUBLISHED)[:1]), None)
        if published is not None:
            return published
    return get_object_or_404(examples.visible_to(request.user), pk=pk)


# Related examples are chosen among this many of the newest published
# examples sharing a topic, found by walking the newest-first index with the
# topic column search keeps (facet_topic_ids): the rows read depend on how
# common the topics are, never on how many examples there are in all.
RELATED_CANDIDATES = 50


def _related_examples(
    example: PracticeExample, topic_ids: list[int], limit: int = 5
) -> list[PracticeExample]:
    """Published examples sharing the most of these topics (the example's)
    with this one, newest first, from the newest RELATED_CANDIDATES that
    share any."""
    if not topic_ids:
        return []
    candidates = (
        PracticeExample.objects.published()
        .exclude(pk=example.pk)
        .filter(facet_topic_ids__overlap=topic_ids)
        .order_by("-published_at", "-pk")
        .values("pk")[:RELATED_CANDIDATES]
    )
    shared = RawSQL(
        "(SELECT count(*) FROM unnest(facet_topic_ids) AS topic_id WHERE topic_id = ANY(%s))",
        [topic_ids],
    )
    return list(
        PracticeExample.objects.filter(pk__in=candidates)
        .listed()
        .annotate(shared=shared)
        .order_by("-shared", "-published_at", "-pk")[:limit]
    )


# A published example's sections as HTML are kept this long in the pages
# cache, under its version (a new one with each saved edit), the time it was
# last saved, and how Markdown is made into HTML (`markdown.RENDERING`).
# A draft's or a submission's are made afresh each time: nothing typed
# before publishing lingers in a cache.
SECTIONS_CACHE_SECONDS = 24 * 60 * 60


def _decisions(allowed: list[str]) -> list[tuple[str, object]]:
    """The moderator's decisions among the actions allowed now, in order."""
    return [(name, ACTIONS[name]) for name in allowed if ACTIONS[name].by == Actor.MODERATOR]


def _detail_context(request: HttpRequest, example: PracticeExample, **extra) -> dict:
    user = request.user
    can_moderate = permissions.can_moderate(user, example)
    is_submitter = permissions.is_submitter(user, example)
    allowed = permissions.allowed_actions(user, example)
    decisions = _decisions(allowed)
    decision_form = extra.pop("decision_form", None)
    refusal = extra.pop("refusal", "")
    unsent_comment = ""
    if refusal or decision_form is None:
        # A fresh panel; after a refusal (someone acted first, or the text
        # changed), what was typed goes back in the box of the same decision,
        # or is shown when that decision no longer applies.
        typed = decision_form.data if decision_form is not None else {}
        decision_form = DecisionForm(
            actions=decisions,
            initial={"action": typed.get("action"), **_typed_comments(typed)},
        )
        if typed.get("action") not in dict(decisions):
            unsent_comment = _typed_comment(typed) if typed else ""
    pending_revision = (
        example.revisions.filter(status=RevisionStatus.PENDING).first()
        if can_moderate or is_submitter
        else None
    )
    # Read once: shown, told to the related examples, noted as looked at.
    topics = list(example.topics.select_related("parent").order_by("name"))
    return {
        "example": example,
        "topics": topics,
        # Asked with the example on its own page (`has_attachments`): most have none.
        "attachments": example.attachments.all()
        if getattr(example, "has_attachments", True)
        else [],
        "can_moderate": can_moderate,
        "can_edit": permissions.can_edit(user, example),
        "can_submit": "submit" in allowed,
        "is_submitter": is_submitter,
        "actions": decisions,
        "history": example.events.select_related("actor")
        if permissions.can_see_history(user, example) or is_submitter
        else None,
        "pending_revision": pending_revision,
        "missing": services.missing_for_review(example) if "submit" in allowed else {},
        "is_overdue": can_moderate and matches(example, overdue_q()),
        "can_contact_lead": permissions.can_contact_lead(user, example) and not is_submitter,
        "contact_form": extra.pop("contact_form", None) or ContactLeadForm(),
        "decision_form": decision_form,
        "refusal": refusal,
        "unsent_comment": unsent_comment,
        "latest_comment": latest_moderator_comment(example)
        if is_submitter and example.status in {Status.CHANGES_REQUESTED, Status.REJECTED}
        else None,
        # Made only when the page's related examples are not kept already:
        # the template keeps them, as HTML, under the published version (a
        # published example's topics change only by an approved edit, which
        # changes it too).
        "related": SimpleLazyObject(
            lambda: _related_examples(example, [topic.pk for topic in topics])
        )
        if example.is_published
        else [],
        # What the kept sections and related examples are kept under (see
        # `_read_kept_parts`): the sections under the example's version, the
        # time it was saved and how Markdown is made HTML; the related
        # examples under what is published.
        "sections_kept": _sections_kept(example),
        "related_kept": _related_kept(example),
        "related_cache_seconds": settings.PAGES_CACHE_SECONDS,
        "sections_cache_seconds": SECTIONS_CACHE_SECONDS,
        "review_due": (can_moderate or is_submitter)
        and example.is_published
        and example.review_date is not None
        and example.review_date <= timezone.localdate(),
        "breadcrumbs": breadcrumbs(("Practice database", reverse("practice_db:browse"))),
        **extra,
    }


def _sections_kept(example: PracticeExample) -> str:
    updated = example.updated_at.timestamp() if example.updated_at else ""
    return f"{example.pk}:{example.version}:{updated}:{RENDERING}"


def _related_kept(example: PracticeExample) -> str:
    return f"{example.pk}:{published_version()}" if example.is_published else ""


def _read_kept_parts(request: HttpRequest, example: PracticeExample) -> None:
    """A published example's page asks two caches for five kept things in
    different places (what is published, the topics this person looked at
    lately; the sections, the Forum panel and the related examples): each
    cache is read once, ahead (`cache_backend.ReadAhead`)."""
    read_ahead_version_and_viewed(request.user)
    read_ahead(
        "pages",
        [
            make_template_fragment_key("example_sections", [_sections_kept(example)]),
            make_template_fragment_key("example_related", [_related_kept(example)]),
            forum_panel_key(example),
        ],
    )


@require_safe
def example_detail(request: HttpRequest, pk: int) -> HttpResponse:
    example = get_example_for_user(
        request,
        pk,
        has_attachments=Exists(Attachment.objects.filter(example_id=OuterRef("pk"))),
        # For the Forum panel's follow button (`example_forum`).
        reader_follows=Exists(
            Follow.objects.filter(user_id=request.user.pk, example_id=OuterRef("pk"))
        ),
    )
    if example.is_published:
        _read_kept_parts(request, example)
    context = _detail_context(request, example)
    if example.is_published:
        # For the learning opportunities "For you": topics this person looked at.
        note_topics_viewed(request.user, [topic.pk for topic in context["topics"]])
    return render(request, "practice_db/example_detail.html", context)


def _posted_version(request: HttpRequest) -> int | None:
    """The version of the example the page showed, as its forms post it."""
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


COMMENT_MAX_LENGTH = 5000


def _typed_comment(data) -> str:
    action = data.get("action", "")
    # PostgreSQL refuses NUL in text; it is never meant.
    return (data.get(f"comment_{action}") or data.get("comment") or "").replace("\x00", "").strip()


def _typed_comments(data) -> dict[str, str]:
    """What was typed in each decision's box, to put back in the boxes."""
    if data is None:
        return {}
    return {
        key: value for key, value in data.items() if key.startswith("comment_") and value.strip()
    }


@require_POST
def act_on_example(request: HttpRequest, pk: int) -> HttpResponse:
    """A lifecycle move: the submitter's "Submit for review", or a moderator's decision.

    A moderator chooses one decision (radios, each with its own comment box).
    Reject and Archive first show a page asking to confirm. The page posts the
    version it showed, so a decision on text that changed while the moderator
    read it is refused and the page shows the text as it is now (409), with
    the comment typed kept.
    """
    example = get_example_for_user(request, pk)
    action = request.POST.get("action", "")
    decisions = _decisions(permissions.allowed_actions(request.user, example))
    form = DecisionForm(request.POST, actions=decisions)
    is_decision = action in dict(decisions) or (decisions and action not in ACTIONS)
    if is_decision and not form.is_valid():
        context = _detail_context(request, example, decision_form=form)
        return render(request, "practice_db/example_detail.html", context, status=400)
    comment = form.cleaned_data["chosen_comment"] if is_decision else _typed_comment(request.POST)
    if len(comment) > COMMENT_MAX_LENGTH:
        messages.error(request, "The comment must be 5,000 characters or fewer.")
        context = _detail_context(request, example, decision_form=form)
        return render(request, "practice_db/example_detail.html", context, status=400)
    rule = ACTIONS.get(action)
    if is_decision and rule.confirm and request.POST.get("confirmed") != "yes":
        return render(
            request,
            "practice_db/example_confirm.html",
            {
                "example": example,
                "action": action,
                "rule": rule,
                "comment": comment,
                "version": _posted_version(request) or 0,
                "breadcrumbs": breadcrumbs(
                    ("Practice database", reverse("practice_db:browse")),
                    (example.title, example.get_absolute_url()),
                ),
            },
        )
    try:
        services.transition_example(
            actor=request.user,
            example_id=example.pk,
            action=action,
            comment=comment,
            # A decision posted without the version it was made on is treated
            # as made on out-of-date text, never as "decide anyway".
            expected_version=_posted_version(request) or 0,
        )
    except (Invalid, Conflict) as error:
        # Shown on the example as it is now, beside the comment box when it is
        # about the comment, with whatever the moderator typed still there.
        example = get_example_for_user(request, pk)
        if error.field == "comment" and is_decision:
            form.add_error(f"comment_{action}", error.message.rstrip("."))
            context = _detail_context(request, example, decision_form=form)
        else:
            context = _detail_context(request, example, decision_form=form, refusal=error.message)
        return render(request, "practice_db/example_detail.html", context, status=error.status_code)
    if rule.by == Actor.MODERATOR:
        return redirect("practice_db:decided", pk=example.pk)
    messages.success(request, f"{rule.event.label}: “{example.title}”.")
    return redirect(example)


@require_safe
def decision_recorded(request: HttpRequest, pk: int) -> HttpResponse:
    """After a decision: what it was, what happens next, and the way on through the queue."""
    example = get_example_for_user(request, pk)
    if not roles.is_moderator(request.user):
        raise NotAllowed("This page is for moderators.")
    event = (
        example.events.filter(actor=request.user, kind__in=[a.event for a in ACTIONS.values()])
        .order_by("-created_at", "-pk")
        .first()
    )
    if event is None:
        return redirect(example)
    return render(
        request,
        "practice_db/decision_recorded.html",
        {
            "example": example,
            "event": event,
            "what_next": after_decision(event, example),
            "position": queue_position(request.user, after=example),
            "breadcrumbs": breadcrumbs(
                ("Practice database", reverse("practice_db:browse")),
                ("Moderation queue", reverse("practice_db:queue")),
            ),
        },
    )


@require_POST
def take_example(request: HttpRequest, pk: int) -> HttpResponse:
    example = get_example_for_user(request, pk)
    services.assign_example(actor=request.user, example_id=example.pk)
    messages.success(request, f"You have taken “{example.title}”.")
    back = request.POST.get("next", "")
    if back.startswith(reverse("practice_db:queue")) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return redirect(back)  # the queue, with the tab and filters in use
    return redirect(example)


@require_safe
def download_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A document, for those `permissions.downloadable_q` lets open it; a 404 otherwise."""
    attachment = get_object_or_404(Attachment.objects.downloadable_by(request.user), pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name(),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def contact_lead(request: HttpRequest, pk: int) -> HttpResponse:
    example = get_example_for_user(request, pk)
    if not permissions.can_contact_lead(request.user, example):
        raise NotAllowed("The lead of this example cannot be contacted through the portal.")
    form = ContactLeadForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.contact_lead(
                sender=request.user, example=example, message=form.cleaned_data["message"]
            )
        except RateLimited as error:
            add_to_form(form, error)
            status = error.status_code
        else:
            messages.success(
                request,
                f"Your message has been sent to {example.lead_name or 'the lead'}. "
                "They will reply to your email address.",
            )
            return redirect(example)
    context = _detail_context(request, example, contact_form=form)
    return render(request, "practice_db/example_detail.html", context, status=status)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_lead(request: HttpRequest, token: str) -> HttpResponse:
    """The page the lead's emailed link opens: a button to confirm that staff
    may contact them. Only the button (a POST) confirms; opening the link,
    as a mail program checking it might, changes nothing. No sign-in needed:
    the lead may not have an account."""
    example = services.example_for_lead_token(token)
    if example is None:
        return render(request, "practice_db/lead_confirm.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.confirm_lead(token=token)
        return redirect("practice_db:lead_confirm", token=token)
    return render(request, "practice_db/lead_confirm.html", {"example": example})
