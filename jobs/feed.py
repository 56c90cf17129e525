"""Parse a RemoteOK-shaped JSON feed into validated job entries (no database access).

Promises of :func:`parse_feed`:

* the whole feed is refused (:class:`FeedError`) when it is larger than ``max_bytes``, is
  not JSON, or is not a JSON list;
* the legal notice RemoteOK puts first (an object with ``legal`` and no ``id``) is skipped,
  wherever it appears;
* every other element becomes either a :class:`FeedEntry` or a :class:`FeedProblem` naming
  its position, its id when known and what is wrong, so one malformed entry never stops
  the others;
* a repeated ``id`` keeps the first entry and reports the later ones;
* descriptions are sanitised for display and converted to plain text here, and cut at
  ``max_description_chars`` (reported as a warning, not an error).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from jobs.html import description_pair

MAX_ID_CHARS = 200


class FeedError(Exception):
    """The feed as a whole cannot be read; ``str()`` is fit to show a user."""


class RawEntry(BaseModel):
    """One feed element as RemoteOK shapes it; unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str
    position: str
    company: str = ""
    location: str = ""
    tags: list[str] = []
    description: str = ""
    salary_min: int | None = None
    salary_max: int | None = None
    url: str = ""
    apply_url: str = ""
    date: datetime | None = None
    epoch: int | None = None
    remote: bool = True  # RemoteOK lists remote jobs only

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError("id must be a string or an integer")
        text = str(value).strip()
        if not text or len(text) > MAX_ID_CHARS:
            raise ValueError(f"id must have 1 to {MAX_ID_CHARS} characters")
        return text

    @field_validator("position")
    @classmethod
    def _position_present(cls, value: str) -> str:
        if not value:
            raise ValueError("position is empty")
        return value

    @field_validator("company", "location", "description", "url", "apply_url", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("tags", mode="before")
    @classmethod
    def _tags_list(cls, value: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list):
            raise ValueError("tags must be a list of strings")
        return [str(t).strip().lower() for t in value if str(t).strip()][:50]

    @field_validator("salary_min", "salary_max", mode="before")
    @classmethod
    def _salary(cls, value: Any) -> int | None:
        # RemoteOK writes 0 (or nothing) for "not stated".
        if value in (None, "", 0, "0"):
            return None
        number = int(float(value))
        if number < 0 or number > 10_000_000:
            raise ValueError("salary out of range")
        return number

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return None if value in ("", None) else value

    @model_validator(mode="after")
    def _ordered_salary(self) -> RawEntry:
        if self.salary_min and self.salary_max and self.salary_min > self.salary_max:
            self.salary_min, self.salary_max = self.salary_max, self.salary_min
        return self


@dataclass(frozen=True)
class FeedEntry:
    """A valid job from the feed, ready to store."""

    external_id: str
    position: str
    company: str
    location: str
    remote: bool
    tags: list[str]
    salary_min: int | None
    salary_max: int | None
    url: str
    posted_at: datetime | None
    description_html: str
    description_text: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FeedProblem:
    """Why one element was not imported. ``index`` counts elements from 0."""

    index: int
    external_id: str
    message: str


@dataclass
class ParsedFeed:
    entries: list[FeedEntry] = field(default_factory=list)
    problems: list[FeedProblem] = field(default_factory=list)
    notices_skipped: int = 0
    legal_notice: str = ""  # the first notice's text: the feed's terms of use


def load_json(data: bytes, max_bytes: int) -> list[Any]:
    """The decoded top-level list, or FeedError saying why not."""
    if len(data) > max_bytes:
        raise FeedError(
            f"the feed is {len(data):,} bytes; the limit is {max_bytes:,} (JOB_FEED_MAX_BYTES)"
        )
    if not data.strip():
        raise FeedError("the file is empty: a feed is a JSON list of jobs")
    decoded = _decode(data)
    if not isinstance(decoded, list):
        raise FeedError("the feed must be a JSON list of jobs (RemoteOK format)")
    return decoded


def _decode(data: bytes) -> Any:
    """The decoded JSON, or FeedError in words a recruiter can act on (no parser jargon)."""
    if data.lstrip().startswith(b"%PDF"):
        raise FeedError("this is a PDF, not a job feed: a feed is a JSON file (RemoteOK format)")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FeedError(
            "the feed is not valid JSON: the file is not text (is it a document or an image?)"
        ) from None
    except json.JSONDecodeError as exc:
        raise FeedError(
            f"the feed is not valid JSON: it is broken near line {exc.lineno}, column "
            f"{exc.colno} (is it cut short, or edited by hand?)"
        ) from None


def is_legal_notice(element: Any) -> bool:
    """RemoteOK's first element: terms of use, not a job."""
    return isinstance(element, dict) and "legal" in element and "id" not in element


def _http_url(*candidates: str) -> str:
    for url in candidates:
        if url.startswith(("https://", "http://")) and len(url) <= 1000:
            return url
    return ""


def _posted_at(raw: RawEntry) -> datetime | None:
    if raw.date is not None:
        return raw.date if raw.date.tzinfo else raw.date.replace(tzinfo=UTC)
    if raw.epoch:
        return datetime.fromtimestamp(raw.epoch, tz=UTC)
    return None


def to_entry(raw: RawEntry, max_description_chars: int) -> FeedEntry:
    """Normalise a validated element: clipped lengths, safe URL, sanitised description."""
    warnings: list[str] = []
    description = raw.description
    if len(description) > max_description_chars:
        description = description[:max_description_chars]
        warnings.append(f"description cut to {max_description_chars:,} characters")
    html, text = description_pair(description)
    return FeedEntry(
        external_id=raw.id,
        position=raw.position[:300],
        company=raw.company[:200],
        location=raw.location[:200],
        remote=raw.remote,
        tags=raw.tags,
        salary_min=raw.salary_min,
        salary_max=raw.salary_max,
        url=_http_url(raw.url, raw.apply_url),
        posted_at=_posted_at(raw),
        description_html=html,
        description_text=text,
        warnings=warnings,
    )


def _describe(error: ValidationError) -> str:
    parts = []
    for err in error.errors():
        where = ".".join(str(p) for p in err["loc"]) or "entry"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def parse_feed(data: bytes, *, max_bytes: int, max_description_chars: int) -> ParsedFeed:
    """Validate every element of a RemoteOK-shaped feed (promises in the module docstring)."""
    parsed = ParsedFeed()
    seen: set[str] = set()
    for index, element in enumerate(load_json(data, max_bytes)):
        if is_legal_notice(element):
            parsed.notices_skipped += 1
            parsed.legal_notice = parsed.legal_notice or str(element["legal"]).strip()[:2000]
            continue
        guessed_id = str(element.get("id") or "") if isinstance(element, dict) else ""
        if not isinstance(element, dict):
            parsed.problems.append(FeedProblem(index, "", "not a JSON object"))
            continue
        try:
            raw = RawEntry.model_validate(element)
        except (ValidationError, ValueError, TypeError) as exc:
            message = _describe(exc) if isinstance(exc, ValidationError) else str(exc)
            parsed.problems.append(FeedProblem(index, guessed_id[:MAX_ID_CHARS], message))
            continue
        if raw.id in seen:
            parsed.problems.append(
                FeedProblem(index, raw.id, "duplicate id in this feed (the first one was kept)")
            )
            continue
        seen.add(raw.id)
        parsed.entries.append(to_entry(raw, max_description_chars))
    return parsed
