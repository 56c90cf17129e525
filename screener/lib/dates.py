"""Resume date ranges and total years of experience (framework-free).

Conventions (documented because resumes are ambiguous):

* A month date covers the whole month: "Mar 2019 – Jun 2019" is 4 months (Mar 1 to Jul 1),
  the way most profile sites count.
* A year-only date means mid-year (1 July) at either end: "2016 - 2019" is 3.0 years and
  "2019 – present" starts on 1 July 2019. This halves the worst-case error when the month
  is unknown; a single year "2019 - 2019" counts as zero.
* "Present", "current", "now", "today", "date" and "ongoing" end on ``today``; ranges ending
  in the future are cut at ``today``; ranges that end before they start are rejected.
* Overlapping or touching ranges are merged before summing, so two concurrent jobs are not
  double counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

_MONTHS: Final = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH_ALT: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR: Final = r"(?:19[5-9]\d|20\d\d)"
# One date: "Mar 2019", "March, 2019", "Sept. 2019", "03/2019", "3-2019", "2019-03", "2019".
_DATE: Final = (
    rf"(?:(?:{_MONTH_ALT})\.?,?\s*'?{_YEAR}"
    rf"|(?:0?[1-9]|1[0-2])\s*[/.\-]\s*{_YEAR}"
    rf"|{_YEAR}\s*[/\-]\s*(?:0[1-9]|1[0-2])(?!\d)"
    rf"|{_YEAR})"
)
_OPEN: Final = r"(?:present|current(?:ly)?|now|today|(?:to\s+)?date|ongoing)"
_SEP: Final = r"\s*(?:-|–|—|−|~|to|until|till|through|thru)\s*"
RANGE_RE: Final = re.compile(
    rf"(?<![\w/.-])(?P<start>{_DATE}){_SEP}(?P<end>{_DATE}|{_OPEN})(?![\w/])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateRange:
    """A half-open period [start, end) of work, with where it was found in the text."""

    start: date
    end: date
    ongoing: bool = False
    text: str = ""

    @property
    def years(self) -> float:
        """Length in years (365.25-day years)."""
        return (self.end - self.start).days / 365.25


def _parse_date(raw: str, *, is_end: bool) -> date | None:
    """Parse one date string; month dates resolve to the first day of the month (start)
    or of the following month (end, so the month counts in full)."""
    s = raw.strip().lower().replace("'", "")
    m = re.fullmatch(rf"({_MONTH_ALT})\.?,?\s*({_YEAR})", s)
    if m:
        year, month = int(m.group(2)), _MONTHS[m.group(1)]
    elif m := re.fullmatch(rf"(\d{{1,2}})\s*[/.\-]\s*({_YEAR})", s):
        year, month = int(m.group(2)), int(m.group(1))
    elif m := re.fullmatch(rf"({_YEAR})\s*[/\-]\s*(\d{{2}})", s):
        year, month = int(m.group(1)), int(m.group(2))
    elif re.fullmatch(_YEAR, s):
        return date(int(s), 7, 1)  # year only: mid-year, see module docstring
    else:
        return None
    if not 1 <= month <= 12:
        return None
    if is_end:
        return date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, 1)


def parse_date_range(text: str, today: date | None = None) -> DateRange | None:
    """Parse the first date range in ``text`` ("Mar 2019 – Present", "2016 - 2019",
    "01/2015 – 06/2018", "March 2019 to Current", "2019–present"), or None.

    ``today`` (default: ``date.today()``) ends open ranges and caps future end dates.
    """
    today = today or date.today()
    for m in RANGE_RE.finditer(text):
        found = _range_from_match(m, today)
        if found:
            return found
    return None


def find_date_ranges(text: str, today: date | None = None) -> list[DateRange]:
    """All date ranges in a resume, in text order (invalid ones skipped)."""
    today = today or date.today()
    return [r for m in RANGE_RE.finditer(text) if (r := _range_from_match(m, today))]


def _range_from_match(m: re.Match[str], today: date) -> DateRange | None:
    """Turn a RANGE_RE match into a DateRange, or None if it is not a valid period."""
    start = _parse_date(m.group("start"), is_end=False)
    end_raw = m.group("end")
    ongoing = re.fullmatch(_OPEN, end_raw.strip(), re.IGNORECASE) is not None
    end = today if ongoing else _parse_date(end_raw, is_end=True)
    if start is None or end is None:
        return None
    end = min(end, today)
    if start > today or end < start:
        return None
    return DateRange(start, end, ongoing, m.group())


def merge_ranges(ranges: list[DateRange]) -> list[tuple[date, date]]:
    """Merge overlapping or touching periods; returns sorted, disjoint (start, end) pairs."""
    merged: list[tuple[date, date]] = []
    for r in sorted(ranges, key=lambda r: (r.start, r.end)):
        if merged and r.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], r.end))
        else:
            merged.append((r.start, r.end))
    return merged


def years_of_experience(ranges: list[DateRange], today: date | None = None) -> float:
    """Total years covered by ``ranges`` after merging overlaps, rounded to 0.1 year.

    ``today`` caps any range that runs past it (ranges from ``parse_date_range`` already
    are). An empty list gives 0.0.
    """
    today = today or date.today()
    capped = [
        DateRange(r.start, min(r.end, today), r.ongoing, r.text) for r in ranges if r.start < today
    ]
    days = sum((end - start).days for start, end in merge_ranges(capped))
    return round(days / 365.25, 1)
