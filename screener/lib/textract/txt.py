"""TXT reader: UTF-8 (and BOM-marked UTF-16/32) first, otherwise charset-normalizer
candidates plus cp1252, scored for plausibility so short Western names come out right."""

from __future__ import annotations

import unicodedata

import charset_normalizer

from screener.lib.textract.results import ExtractedText, ExtractionLimits
from screener.lib.textract.sniff import bom_encoding


def extract_txt(data: bytes, limits: ExtractionLimits) -> ExtractedText:
    text, encoding = decode_text(data)
    warnings = [] if encoding in ("utf-8", "utf-8-sig", "ascii") else [f"decoded as {encoding}"]
    return ExtractedText(text=text, kind="txt", warnings=warnings)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes: BOM, then strict UTF-8, then the most plausible legacy encoding."""
    bom = bom_encoding(data)
    if bom is not None:
        return data.decode(bom, errors="replace"), bom
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[int, str, str] | None = None
    for rank, encoding in enumerate(_candidate_encodings(data)):
        try:
            decoded = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _implausibility(decoded) * 100 + rank
        if best is None or score < best[0]:
            best = (score, decoded, encoding)
    if best is None:
        return data.decode("cp1252", errors="replace"), "cp1252"
    return best[1], best[2]


def _candidate_encodings(data: bytes) -> list[str]:
    """cp1252 first (the usual legacy encoding for CVs), then charset-normalizer's picks."""
    candidates = ["cp1252"]
    for match in charset_normalizer.from_bytes(data[:200_000]):
        if match.encoding not in candidates:
            candidates.append(match.encoding)
    return candidates[:8]


def _implausibility(text: str) -> int:
    """Count words that look like mojibake: odd symbols, mixed scripts, too many accents."""
    bad = 0
    for word in text.split():
        letters = [ch for ch in word if ch.isalpha()]
        if any(unicodedata.category(ch) in ("So", "Co", "Cn", "Cc") for ch in word.strip()):
            bad += 1
        scripts = {unicodedata.name(ch, "?").split()[0] for ch in letters}
        if len(scripts) > 1:
            bad += 1
        if scripts == {"LATIN"} and len(letters) >= 3:
            accented = sum(1 for ch in letters if not ch.isascii())
            bad += accented * 2 > len(letters)
        if letters and any(not ch.isalpha() and not ch.isascii() for ch in word[1:-1]):
            bad += unicodedata.category(word[len(word) // 2]) in ("No", "Sm", "Sk")
    return bad
