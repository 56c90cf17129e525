"""Candidate profile pages and recommendation fragments. Thin: selectors read, services write,
every query scoped to the request's team (another team's object is a 404)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from jobs.models import JobPosting
from profiles import recommendations, selectors, services
from profiles.forms import (
    EnhanceForm,
    ExperienceFormSet,
    FromResumeForm,
    ProfileForm,
    ProjectFormSet,
    RecommendationFilterForm,
)
from profiles.models import CandidateProfile
from resumes.models import Resume
from runs import selectors as run_selectors
from screener.views import announce_queued, require_team
from screening import services as screening_services


def _profile(request: HttpRequest, pk: int) -> CandidateProfile:
    team = require_team(request)
    try:
        return selectors.profile_with_sections(team, pk)
    except CandidateProfile.DoesNotExist:
        raise Http404("No such profile in your team.") from None


def profiles_index(request: HttpRequest) -> HttpResponse:
    team = require_team(request)
    profiles = selectors.profiles_for_team(team)
    page = Paginator(profiles, settings.PROFILES_PER_PAGE).get_page(request.GET.get("page"))
    # A profile waiting on a Run shows that Run's state (cancelled, paused...), not "Queued".
    page.object_list = run_selectors.attach_states(page.object_list, team, services.ENHANCE_KIND)
    context = {
        "page": page,
        "resumes": selectors.resumes_without_profile(team)[:10],
        "resumes_left": selectors.resumes_without_profile(team).count(),
    }
    return render(request, "profiles/profiles_index.html", context)


def profile_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, _profile(request, pk))


def _edit(request: HttpRequest, profile: CandidateProfile | None) -> HttpResponse:
    """The profile with its experiences and projects, in one form; nothing saved if invalid
    (an unreadable writing-sample file is a field error)."""
    team = require_team(request)
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, request.FILES if data is not None else None, instance=profile)
    experiences = ExperienceFormSet(data, instance=profile, prefix="exp")
    projects = ProjectFormSet(data, instance=profile, prefix="proj")
    if data is not None and all(f.is_valid() for f in (form, experiences, projects)):
        saved = services.save_profile_with_sections(
            form, [experiences, projects], team=team, user=request.user
        )
        messages.success(request, f"Profile “{saved}” saved.")
        return redirect("profiles:detail", pk=saved.pk)
    context = {"form": form, "experiences": experiences, "projects": projects, "profile": profile}
    return render(request, "profiles/profile_form.html", context)


@require_POST
def profile_from_resume(request: HttpRequest) -> HttpResponse:
    team = require_team(request)
    form = FromResumeForm(request.POST)
    if not form.is_valid():
        raise Http404("No resume given.")
    resume = get_object_or_404(Resume.objects.filter(team=team), pk=form.cleaned_data["resume"])
    profile = services.create_profile_from_resume(resume, user=request.user)
    messages.success(request, f"Profile “{profile}” created from the resume.")
    return redirect("profiles:detail", pk=profile.pk)


def _detail_context(profile: CandidateProfile) -> dict:
    run = profile.last_run
    return {
        "profile": profile,
        "experiences": profile.experiences.all(),
        "projects": profile.projects.all(),
        "summary_section": selectors.summary_section(profile),
        "run": run,
        "running": bool(run and not run.is_finished),
        "summary": profile.enhancement_summary,
    }


def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    context = _detail_context(profile) | {"enhance_form": EnhanceForm()}
    return render(request, "profiles/profile_detail.html", context)


def profile_sections(request: HttpRequest, pk: int) -> HttpResponse:
    """The side-by-side sections (polled while an enhancement runs; 286 once it is over)."""
    profile = _profile(request, pk)
    context = _detail_context(profile)
    response = render(request, "profiles/profile_detail.html#sections", context)
    if request.htmx and not context["running"]:
        return HttpResponseStopPolling(response.content)
    return response


@require_POST
def profile_enhance(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    form = EnhanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The instruction is too long.")
        return redirect("profiles:detail", pk=profile.pk)
    try:
        services.start_enhancement(
            profile.team,
            [profile.pk],
            user=request.user,
            instruction=form.cleaned_data["instruction"],
            workers=1,
        )
    except services.ProfileError as exc:
        messages.error(request, str(exc))
    else:
        announce_queued(request, "Enhancement queued.")
    return redirect("profiles:detail", pk=profile.pk)


@require_POST
def enhance_all(request: HttpRequest) -> HttpResponse:
    team = require_team(request)
    ids = selectors.profiles_for_team(team).values_list("id", flat=True)
    try:
        run = services.start_enhancement(team, ids, user=request.user)
    except services.ProfileError as exc:
        messages.error(request, str(exc))
    else:
        announce_queued(request, f"{run.label}: started. Progress is on the dashboard.")
    return redirect("profiles:index")


@require_POST
def section_decision(
    request: HttpRequest, pk: int, kind: str, section_pk: int, decision: str
) -> HttpResponse:
    """Accept or reject one section's proposed enhancement."""
    profile = _profile(request, pk)
    try:
        section = services.decide_section(profile, kind, section_pk, decision)
    except services.ProfileError as exc:
        raise Http404(str(exc)) from None
    except ObjectDoesNotExist:
        raise Http404("No such section in this profile.") from None
    if request.htmx:
        return render(request, "profiles/_section.html", {"section": section, "profile": profile})
    return redirect("profiles:detail", pk=profile.pk)


# --- recommendation fragments -----------------------------------------------------------------


def _reco_response(request: HttpRequest, template: str, context: dict, title: str) -> HttpResponse:
    """The fragment for htmx; a full page (with the same fragment) for a plain link."""
    if request.htmx:
        return render(request, template, context)
    return render(
        request,
        "profiles/recommendations_page.html",
        context | {"fragment": template, "title": title},
    )


def profile_recommendations(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request, pk)
    form = RecommendationFilterForm(request.GET or None)
    recs = recommendations.recommend_jobs_for_profile(profile, form.top_n(), **form.filters())
    context = {"recommendations": recs, "form": form, "source": profile}
    context["url"] = request.path
    return _reco_response(
        request, "profiles/_job_recommendations.html", context, f"Jobs for {profile}"
    )


def resume_recommendations(request: HttpRequest, pk: int) -> HttpResponse:
    team = require_team(request)
    resume = get_object_or_404(Resume.objects.filter(team=team), pk=pk)
    form = RecommendationFilterForm(request.GET or None)
    recs = recommendations.recommend_jobs_for_resume(resume, form.top_n(), **form.filters())
    context = {"recommendations": recs, "form": form, "source": resume, "url": request.path}
    context["back"] = (reverse("resumes:detail", args=[resume.pk]), resume_title(resume))
    return _reco_response(
        request,
        "profiles/_job_recommendations.html",
        context,
        f"Recommended jobs for {resume_title(resume)}",
    )


def resume_title(resume: Resume) -> str:
    """What the resume's own page is titled: the candidate's name, else the file name."""
    return resume.candidate_name or resume.source_ref or f"resume {resume.pk}"


def job_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's screened candidates (screening's scores and blind labels), then close
    matches of the pool not screened for it yet."""
    team = require_team(request)
    job = get_object_or_404(JobPosting.objects.filter(team=team), pk=pk)
    form = RecommendationFilterForm(request.GET or None)
    data = recommendations.candidates_for_job(job, form.top_n())
    return render(request, "profiles/job_candidates.html", {"job": job, "data": data})


@require_POST
def job_candidates_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """Screen the listed resumes for the job (a new name-blind screening batch)."""
    team = require_team(request)
    job = get_object_or_404(JobPosting.objects.filter(team=team), pk=pk)
    ids = [int(i) for i in request.POST.getlist("resume") if i.isdigit() and len(i) < 10]
    try:
        batch = screening_services.create_batch(team, job, ids, request.user)
    except screening_services.ScreeningError as exc:
        messages.error(request, f"Nothing was screened: {exc}.")
        return redirect("profiles:job-candidates", pk=job.pk)
    messages.success(request, f"Screening {len(set(ids))} resume(s) against {job}.")
    return redirect("screening:batch", pk=batch.pk)
