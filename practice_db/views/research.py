"""Research evidence: programmes and projects, kept by national moderators."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from learning_network.errors import NotAllowed
from learning_network.views import breadcrumbs
from practice_db import research
from practice_db.forum_forms import ResearchProjectForm
from practice_db.models import ResearchProgramme, ResearchProject

PAGE_SIZE = 20


@require_safe
def research_index(request: HttpRequest) -> HttpResponse:
    programme = None
    projects = ResearchProject.objects.select_related("programme").order_by("-updated_at", "-pk")
    slug = request.GET.get("programme", "")
    if slug:
        programme = ResearchProgramme.objects.filter(slug=slug).first()
        if programme is None:
            return render(
                request,
                "practice_db/research_index.html",
                {"unknown_programme": True, "programmes": ResearchProgramme.objects.all()},
                status=400,
            )
        projects = projects.filter(programme=programme)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "practice_db/research_index.html",
        {
            "page": page,
            "programme": programme,
            "programmes": ResearchProgramme.objects.all(),
            "can_keep_research": research.can_keep_research(request.user),
            "breadcrumbs": breadcrumbs(("Practice database", reverse("practice_db:browse"))),
        },
    )


@require_safe
def research_project(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(ResearchProject.objects.select_related("programme"), pk=pk)
    return render(
        request,
        "practice_db/research_project.html",
        {
            "project": project,
            "topics": project.topics.select_related("parent").order_by("name"),
            "examples": project.examples.published().select_related("organisation"),
            "can_keep_research": research.can_keep_research(request.user),
            "breadcrumbs": breadcrumbs(("Research evidence", reverse("practice_db:research"))),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def research_project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not research.can_keep_research(request.user):
        raise NotAllowed("Only national moderators keep the research projects.")
    project = get_object_or_404(ResearchProject, pk=pk) if pk else ResearchProject()
    initial = {}
    if project.pk:
        initial = {
            "topics": list(project.topics.values_list("pk", flat=True)),
            "example_ids": ", ".join(
                str(pk) for pk in project.examples.values_list("pk", flat=True)
            ),
        }
    form = ResearchProjectForm(
        request.POST if request.method == "POST" else None, instance=project, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = research.save_project(
            actor=request.user,
            project=form.save(commit=False),
            topic_ids=[topic.pk for topic in form.cleaned_data["topics"]],
            example_ids=form.cleaned_data["example_ids"],
        )
        messages.success(request, "The research project is saved.")
        return redirect(saved)
    return render(
        request,
        "practice_db/research_project_form.html",
        {
            "form": form,
            "project": project,
            "breadcrumbs": breadcrumbs(("Research evidence", reverse("practice_db:research"))),
        },
        status=400 if form.errors else 200,
    )
