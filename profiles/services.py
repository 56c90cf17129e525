"""Writes of candidate profiles: creation (from a Resume or by hand), tone, the writing sample
(typed or uploaded as a file), enhancement Runs, per-section decisions, and the vectors
recommendations need (computed on demand)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jobs.models import JobPosting
from profiles.enhancement import EnhancementSummary, enhance_profile
from profiles.models import (
    CandidateProfile,
    ProfileExperience,
    ProfileProject,
    ProfileSummary,
    Section,
)
from profiles.sections import sync_summary
from resumes.models import Resume
from resumes.services import resume_vectors
from runs import executor as runs
from runs.models import Run
from runs.services import create_run
from screener.embedder import document_embedder as embedder
from screener.lib import textract
from screener.lib.requirements import seniority_of
from screener.lib.skills import canonical_names
from screener.models import Team
from screener.vectors import ensure_vectors

logger = logging.getLogger(__name__)

ENHANCE_KIND = "enhance_profiles"


class ProfileError(ValueError):
    """A request we refuse; the message can be shown to the user as-is."""


# --- creation ---------------------------------------------------------------------------------


def profile_seniority(headline: str, years: float | None) -> str:
    """Seniority from the headline's words, else from the years of experience."""
    return seniority_of(headline, years)[0]


def _split_project(raw: str) -> tuple[str, str]:
    """ "Name: what it did" -> ("Name", "what it did"); a bare sentence keeps its start as name."""
    match = re.match(r"^\s*(.{2,80}?)\s*(?::|\s[-–—]\s)\s*(.+)$", raw, re.S)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return (raw[:60].rsplit(" ", 1)[0] if len(raw) > 60 else raw).strip(), raw.strip()


def _bullets(lines: list[str]) -> str:
    lines = [line.strip() for line in lines if line and line.strip()]
    return lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)


@transaction.atomic
def create_profile_from_resume(
    resume: Resume, *, user: AbstractBaseUser | None = None
) -> CandidateProfile:
    """A new profile of the resume's team from its structured record (nothing invented).

    The summary, experiences (bullets as lines) and projects are copied as originals; the
    name is the candidate's (kept apart from ranking, shown to the recruiter only).
    """
    record = resume.record or {}
    headline = (record.get("job_role") or resume.job_role or "")[:300]
    profile = CandidateProfile.objects.create(
        team=resume.team,
        resume=resume,
        name=(resume.candidate_name or headline or resume.source_ref or f"Resume {resume.pk}")[
            :200
        ],
        headline=headline,
        professional_summary=" ".join(record.get("professional_summary") or []),
        skills=canonical_names(record.get("technical_skills") or resume.technical_skills or []),
        total_years=resume.total_years,
        seniority=profile_seniority(headline, resume.total_years),
        created_by=user,
    )
    ProfileExperience.objects.bulk_create(
        ProfileExperience(
            profile=profile,
            position=i,
            title=str(e.get("title", ""))[:300],
            company=str(e.get("company", ""))[:200],
            start=str(e.get("start", ""))[:40],
            end=str(e.get("end", ""))[:40],
            description=_bullets([str(b) for b in e.get("bullets") or []]),
        )
        for i, e in enumerate(record.get("experiences") or [])
        if isinstance(e, dict)
    )
    ProfileProject.objects.bulk_create(
        ProfileProject(profile=profile, position=i, name=name[:300], description=text)
        for i, (name, text) in enumerate(
            _split_project(str(p)) for p in record.get("projects") or [] if str(p).strip()
        )
    )
    sync_summary(profile)
    return profile


def create_profiles_for_resumes(team: Team, *, user: AbstractBaseUser | None = None) -> int:
    """A profile for every parsed resume of the team that has none yet; returns how many."""
    todo = Resume.objects.filter(team=team, profiles__isnull=True).exclude(record={})
    created = 0
    for resume in todo.order_by("id"):
        create_profile_from_resume(resume, user=user)
        created += 1
    return created


def derive_tone(sample: str) -> str:
    """A short, deterministic description of a writing sample's tone ("" for no sample).

    Looks at sentence length, person, contractions and exclamations; never calls a model.
    """
    words = re.findall(r"[A-Za-z']+", sample)
    sentences = [s for s in re.split(r"[.!?]+\s", sample) if s.strip()]
    if len(words) < 20 or not sentences:
        return ""
    per_sentence = len(words) / len(sentences)
    length = "concise" if per_sentence < 14 else "detailed" if per_sentence > 24 else "balanced"
    lower = [w.lower() for w in words]
    first = sum(w in {"i", "i'm", "i've", "my", "me"} for w in lower) / len(words)
    person = "first person" if first > 0.02 else "impersonal"
    contractions = sum("'" in w for w in words) / len(words)
    register = "conversational" if contractions > 0.01 else "formal"
    energy = ", enthusiastic" if sample.count("!") >= 2 else ""
    return f"{length} sentences, {person}, {register}{energy}"


# Writing samples: the resume upload's extraction, minus HTML (a sample is a document).
SAMPLE_KINDS = {"pdf": "PDF", "docx": "DOCX", "txt": "TXT"}
SAMPLE_EXTENSIONS = (".pdf", ".docx", ".txt")


def read_writing_sample(uploaded: UploadedFile) -> str:
    """The text of an uploaded writing sample (PDF, DOCX or TXT), through screener.lib.textract
    with the resume upload's limits (``RESUME_MAX_BYTES``, ``RESUME_EXTRACT_TIMEOUT``).

    Raises ProfileError with a readable reason for an empty, oversized, unreadable or
    wrong-type file, or one with no text. Keeps at most ``PROFILE_WRITING_SAMPLE_MAX_CHARS``.
    """
    name = uploaded.name or "sample"
    if not name.lower().endswith(SAMPLE_EXTENSIONS):
        raise ProfileError(_sample_refusal(name, "only PDF, DOCX and TXT files are accepted"))
    if uploaded.size is not None and uploaded.size > settings.RESUME_MAX_BYTES:
        limit = textract.format_size(settings.RESUME_MAX_BYTES)
        raise ProfileError(_sample_refusal(name, f"file is larger than {limit}"))
    try:
        extracted = textract.extract_text(
            b"".join(uploaded.chunks()),
            name,
            max_bytes=settings.RESUME_MAX_BYTES,
            time_limit_seconds=settings.RESUME_EXTRACT_TIMEOUT,
        )
    except textract.ExtractionError as exc:
        raise ProfileError(_sample_refusal(name, exc.reason)) from None
    if extracted.kind not in SAMPLE_KINDS:
        kind = extracted.kind.upper()
        raise ProfileError(_sample_refusal(name, f"it is {kind}, not PDF, DOCX or TXT"))
    text = extracted.text.strip()
    if not text:
        raise ProfileError(_sample_refusal(name, "no text could be read from it"))
    return text[: settings.PROFILE_WRITING_SAMPLE_MAX_CHARS]


def _sample_refusal(name: str, reason: str) -> str:
    return f"The writing sample “{name}” could not be used: {reason}."


def save_profile(profile: CandidateProfile) -> CandidateProfile:
    """Save a profile edited in a form, re-deriving its tone from the writing sample and
    keeping the summary section in step with the summary (a changed one loses its
    enhancement)."""
    profile.tone = derive_tone(profile.writing_sample)
    profile.skills = canonical_names(profile.skills)
    profile.save()
    sync_summary(profile)
    return profile


@transaction.atomic
def save_profile_with_sections(
    form: Any, formsets: Iterable[Any], *, team: Team, user: AbstractBaseUser | None = None
) -> CandidateProfile:
    """Save a valid profile form and its section formsets (new profile: of ``team``).

    A section whose original text was edited loses its now-stale enhancement.
    """
    profile = form.save(commit=False)
    if profile.pk is None:
        profile.team, profile.created_by = team, user
    save_profile(profile)
    for formset in formsets:
        formset.instance = profile
        rows = formset.save(commit=False)
        edited = {obj.pk for obj, fields in formset.changed_objects if "description" in fields}
        for row in rows:
            if row.pk in edited:
                _reset_enhancement(row)
            row.save()
        for row in formset.deleted_objects:
            row.delete()
    return profile


def _reset_enhancement(row: Section) -> None:
    row.enhanced_description = row.refused_text = row.enhancement_note = ""
    row.enhancement_status = Section.Status.NONE
    row.enhanced_at = None


# --- enhancement ------------------------------------------------------------------------------


def start_enhancement(
    team: Team,
    profile_ids: Iterable[int],
    *,
    user: AbstractBaseUser | None = None,
    instruction: str = "",
    workers: int = 2,
) -> Run:
    """A Run enhancing the team's given profiles (one item each), queued on commit.

    Raises ProfileError (nothing created) when none of the ids is one of the team's profiles.
    """
    ids = list(
        CandidateProfile.objects.filter(team=team, pk__in=list(profile_ids))
        .order_by("id")
        .values_list("id", flat=True)
    )
    if not ids:
        raise ProfileError("No profile to enhance: create a profile from a resume first.")
    instruction = instruction.strip()[: settings.PROFILE_INSTRUCTION_MAX_CHARS]
    label = f"Enhance {len(ids)} profile{'s' if len(ids) != 1 else ''}"
    with transaction.atomic():
        run = create_run(
            team, ENHANCE_KIND, label, ids, user=user, params={"instruction": instruction}
        )
        CandidateProfile.objects.filter(id__in=ids).update(
            enhancement_status=CandidateProfile.Enhancement.QUEUED, last_run=run
        )
        runs.enqueue_run(run, workers=workers)
    return run


def enhance_run_item(run: Run, profile_id: int) -> EnhancementSummary:
    """The work of one Run item: enhance one profile of the Run's team.

    Raises (failing the item with the message) when the profile is gone or no section got a
    usable answer; QuotaExhausted / NotConfigured propagate to park or pause the Run.
    """
    profile = CandidateProfile.objects.filter(team_id=run.team_id, pk=profile_id).first()
    if profile is None:
        raise ProfileError(f"profile {profile_id} no longer exists")
    summary = enhance_profile(
        profile, instruction=str(run.params.get("instruction", "")), run_id=run.id
    )
    if profile.enhancement_status == CandidateProfile.Enhancement.FAILED:
        raise ProfileError(profile.enhancement_error or "no section could be enhanced")
    return summary


SectionModel = type[ProfileSummary] | type[ProfileExperience] | type[ProfileProject]
SectionRow = ProfileSummary | ProfileExperience | ProfileProject


def section_model(kind: str) -> SectionModel:
    models = {"summary": ProfileSummary, "experience": ProfileExperience, "project": ProfileProject}
    if kind not in models:
        raise ProfileError(f"unknown section kind {kind!r}")
    return models[kind]


def decide_section(
    profile: CandidateProfile, kind: str, section_id: int, decision: str
) -> SectionRow:
    """Accept or reject the proposed enhancement of one section (the original is kept).

    Accepting needs an enhanced text; rejecting keeps the text for the record. Raises
    ProfileError for anything else (nothing changes) and DoesNotExist for a foreign section.
    """
    model = section_model(kind)
    row = model.objects.get(profile=profile, pk=section_id)
    targets = {"accept": Section.Status.ACCEPTED, "reject": Section.Status.REJECTED}
    if decision not in targets:
        raise ProfileError(f"unknown decision {decision!r}")
    if decision == "accept" and not row.enhanced_description:
        raise ProfileError("There is no enhanced text to accept for this section.")
    row.enhancement_status = targets[decision]
    row.save(update_fields=["enhancement_status"])
    return row


# --- vectors for recommendations --------------------------------------------------------------


def profile_text(profile: CandidateProfile) -> str:
    """What a profile's vector represents: headline, summary, skills and final section texts
    (the accepted enhanced summary when it still matches the profile's summary)."""
    parts = [profile.headline, final_summary(profile)]
    if profile.skills:
        parts.append("Skills: " + ", ".join(profile.skills))
    for exp in profile.experiences.all():
        parts.append(f"{exp.title} {exp.company}\n{exp.final_description}")
    for project in profile.projects.all():
        parts.append(f"{project.name}\n{project.final_description}")
    return "\n".join(p.strip() for p in parts if p and p.strip())


def final_summary(profile: CandidateProfile) -> str:
    """The summary to show employers: its accepted enhancement, else the original."""
    row = ProfileSummary.objects.filter(profile=profile).first()
    if row is not None and row.description == profile.professional_summary:
        return row.final_description
    return profile.professional_summary


def profile_vector(profile: CandidateProfile) -> np.ndarray | None:
    """The profile's embedding, recomputed and stored when its text or model changed."""
    vectors = ensure_vectors([profile], profile_text, digest_field="embedded_hash")
    return vectors.get(profile.pk)


def embed_stale_jobs(team: Team) -> int:
    """Embed the team's jobs lacking a current vector, if few enough to do on a page view.

    Returns how many were embedded (0 when more than PROFILE_RECO_EMBED_ON_DEMAND are stale:
    those wait for the jobs app's embedding pass).
    """
    from jobs.services import embed_pending_jobs

    embed, version = embedder()
    stale = JobPosting.objects.filter(team=team).filter(
        ~Q(embedding_version=version) | Q(embedding__isnull=True)
    )
    if not stale.exists() or stale.count() > settings.PROFILE_RECO_EMBED_ON_DEMAND:
        return 0
    return embed_pending_jobs(team.id, embed=embed, version=version)


def embed_stale_resumes(team: Team) -> int:
    """Embed the team's resumes lacking a current vector (same limit as for jobs)."""
    _, version = embedder()
    stale = Resume.objects.filter(team=team).filter(
        ~Q(embedding_version=version) | Q(embedding__isnull=True)
    )
    count = stale.count()
    if not count or count > settings.PROFILE_RECO_EMBED_ON_DEMAND:
        return 0
    resume_vectors(list(stale.order_by("id")))
    return count


def touch(profile: CandidateProfile) -> None:
    """Mark a profile as changed now (after its sections were edited)."""
    CandidateProfile.objects.filter(pk=profile.pk).update(updated_at=timezone.now())
