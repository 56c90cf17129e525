"""Build ``screener/data/skills_vocab.json`` from O*NET technology names plus our synonyms.

Run from the repo root::

    .venv/bin/python scripts/build_skill_vocab.py [--onet DIR] [--curated FILE] [--out FILE]

What it promises
----------------
* Deterministic: the same inputs always give a byte-identical JSON file (sorted output,
  no timestamps), so the committed file only changes when the inputs or the rules change.
* Every O*NET "Example" technology name becomes one skill (canonical name = the O*NET name,
  category = its most frequent Commodity Title, hot = any row marked Hot Technology),
  unless it is absorbed into one of our curated skills (e.g. "Oracle Java" -> "Java").
* Curated skills (data file ``scripts/data/curated_skills.yaml``, read in order) add synonyms
  and the non-technology professional skills the demo professions need (nursing,
  accounting, marketing, sales, UX, teaching, mechanical, HR, project management, support).

Alias modes (how ``screener.lib.skills`` matches an alias)
----------------------------------------------------------
* ``aliases`` -- case-insensitive whole-word/phrase match (stored lower-cased).
* ``exact`` -- case-sensitive: only the spelling given (e.g. "CAD", "SAP", "ML"), so the
  acronym does not fire on an ordinary lower-case word.
* ``context`` -- case-sensitive *and* only in a skills context (a skills list / "Skills:"
  line / next to a programming cue). Used for short or common English words that are also
  technologies: "Go", "R", "C", "Excel", "Word", "Access", "Office", "Spring", "Express",
  "Rust", "Swift", "Chef", "Puppet", "Make", and O*NET names such as "Zoom" or "Slack".

Alias derivation from verbose O*NET names
-----------------------------------------
1. Strip a trailing " software" / " programming language" and a trailing "(ACRONYM)".
2. Trailing acronyms whose letters are the initials of the preceding words
   ("Amazon Web Services AWS") give two aliases: the phrase and the acronym (``exact``).
3. Vendor prefixes are stripped: a prefix of 1-3 capitalised words shared by at least two
   O*NET names ("Atlassian", "The MathWorks", "Amazon Web Services AWS") is dropped when
   the remainder starts with a capital or digit ("Atlassian JIRA" -> "jira").
4. A derived alias is dropped when it is not distinctive: a single common English word
   ("Microsoft Project" -> "project"), two common words ("Amazon Web Services" -> "web
   services"), at most two characters, or the same derived alias produced by two different
   O*NET names. "Common English word" = a lower-case word seen in O*NET occupation
   descriptions or in lower-case in any O*NET technology name, plus ``EXTRA_COMMON_WORDS``.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

logger = logging.getLogger("build_skill_vocab")

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ONET = Path("/work/shared/data/onet")
DEFAULT_CURATED = REPO / "scripts" / "data" / "curated_skills.yaml"
DEFAULT_OUT = REPO / "screener" / "data" / "skills_vocab.json"

ATTRIBUTION = (
    "This product includes information from the O*NET 29.2 Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license."
)

# Lower-case words that are ordinary English (or names) but missing from the O*NET prose we
# derive the common-word lexicon from. Reviewed by hand against the single-word O*NET names
# and vendor-stripped remainders; any derived single-word alias in this set is dropped, and a
# single-word O*NET name in this set is matched only in a skills context.
_EXTRA_COMMON_TEXT = """
    abbott access adams addressing algae amos analytics analyze analyst andes angular
    animation ant apex archive arena audition aztec bamboo bill bing blink blogger boot
    boulevard bryce canvas chat chef chrome clipper cloud cobalt cocoa colleague combustion
    comet compact compass competence concept confluence connect connectivity consolidation
    continuum contractor contribute cornerstone cruising cube cyclone darwin database
    derivatives designer developer diameter dig domino dracula eclipse edge elmer email
    encompass encore enigma entourage excavator excel explorer express fatigue fear felix
    flask flyer forth four free frenzy frontier genesis genie go harvest helix hercules
    hive honeypot icon idea insight interact interpreter inventor iris isis jack jersey
    julia kant kingdom latitude lease loom lunar magic make maple max maestro maker maya
    millennium mojo native navigator notebook notes numbers octave office opus outlook pages
    painter palette paradox pascal pegasus penultimate persuasion petra pharmaceutical
    piazza pig player portal postman potent premiere presenter prince prism pro project
    publisher puff puppet pyramid quest rats react recipe reduce reliance reward rio root
    route ruby runner rust saber safari salon samba sand scheme scholar scribe sense
    sentinel shiny shire slack snort spark spartan spectroscopy spring square squeegee
    storyline strata sunrise surf surfer swift switch tactic tanks teams titan travis tuba
    velvet ventura vista voyager windows winner word writer zoom
    back front online home time view plus live suite server studio center centre manager
    builder scheduler desktop mobile web net
    """
EXTRA_COMMON_WORDS: frozenset[str] = frozenset(_EXTRA_COMMON_TEXT.split())

GENERIC_SUFFIXES = (" software", " programming language")
SMALL_WORDS = frozenset({"of", "and", "for", "the", "to", "in", "on", "a", "&"})


@dataclass
class Curated:
    """One curated skill: canonical name, category, alias lists and O*NET names absorbed."""

    name: str
    category: str
    aliases: list[str] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    onet: list[str] = field(default_factory=list)


def load_curated(path: Path) -> list[Curated]:
    """Read the curated skills file (fields described in its header), in file order.

    Raises ``ValueError`` when an entry has an unknown field or a non-string name or alias
    (a bare YAML ``no`` or ``3.0`` would otherwise slip in as a bool or a number).
    """
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    curated: list[Curated] = []
    for entry in entries:
        try:
            cur = Curated(**entry)
        except TypeError as exc:
            raise ValueError(f"{path}: bad curated entry {entry!r}: {exc}") from exc
        lists = [cur.aliases, cur.exact, cur.context, cur.onet]
        values = [cur.name, cur.category, *(v for vs in lists if isinstance(vs, list) for v in vs)]
        if not all(isinstance(vs, list) for vs in lists) or not all(
            isinstance(v, str) and v for v in values
        ):
            raise ValueError(f"{path}: {cur.name!r} needs non-empty strings in lists")
        curated.append(cur)
    return curated


# --- reading O*NET ---------------------------------------------------------------------


@dataclass
class OnetTech:
    """Aggregated rows of one O*NET technology name."""

    name: str
    categories: Counter[str] = field(default_factory=Counter)
    hot: bool = False


def read_onet(onet_dir: Path) -> tuple[dict[str, OnetTech], set[str]]:
    """Return technologies by name and the common-English lexicon derived from O*NET."""
    techs: dict[str, OnetTech] = {}
    with open(onet_dir / "Technology Skills.txt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            name = " ".join(row["Example"].split())
            tech = techs.setdefault(name, OnetTech(name))
            tech.categories[row["Commodity Title"].strip()] += 1
            tech.hot = tech.hot or row["Hot Technology"].strip() == "Y"
    lexicon: set[str] = set(EXTRA_COMMON_WORDS)
    word = re.compile(r"\b[a-z][a-z'-]+\b")  # lower-case only: capitalised words may be names
    with open(onet_dir / "Occupation Data.txt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            lexicon.update(word.findall(row["Description"]))
    for name in techs:
        # Lower-case words inside multi-word names are generic ("Cost accounting software");
        # a one-word lower-case name ("webpack", "netstat") is a product, not English.
        if " " in name:
            lexicon.update(word.findall(name))
    return techs, lexicon


# --- alias derivation ------------------------------------------------------------------


def alias_key(alias: str) -> str:
    """Case- and space-insensitive key used to detect alias collisions."""
    return " ".join(alias.lower().split())


def strip_generic(name: str) -> tuple[str, str | None]:
    """Drop generic suffixes and a trailing "(ACRONYM)"; return (core, acronym or None)."""
    core = name
    acronym: str | None = None
    m = re.fullmatch(r"(.+?)\s*\(([A-Z][A-Z0-9]{1,7})\)(.*)", core)
    if m and not m.group(3).strip(" software"):
        core, acronym = m.group(1), m.group(2)
    changed = True
    while changed:
        changed = False
        for suffix in GENERIC_SUFFIXES:
            if core.lower().endswith(suffix) and len(core) > len(suffix):
                core = core[: -len(suffix)]
                changed = True
    return core.strip(), acronym


def initials_match(words: list[str], acronym: str) -> bool:
    """True when the acronym's letters are the initials of ``words`` (small words optional)."""
    letters = acronym.lower()
    options: list[list[str]] = []
    for w in words:
        parts = [p for p in re.split(r"[-/]", w) if p]
        heads = [p[0].lower() for p in parts]
        # A hyphenated word may contribute one initial ("Three-dimensional" -> T) or one per
        # part (-> TD); small words may be skipped ("Analysis and Visualization" -> AV).
        choices = {heads[0], "".join(heads)}
        if w.lower() in SMALL_WORDS:
            choices.add("")
        options.append(sorted(choices))

    def walk(i: int, pos: int) -> bool:
        if i == len(options):
            return pos == len(letters)
        return any(letters.startswith(ch, pos) and walk(i + 1, pos + len(ch)) for ch in options[i])

    return walk(0, 0)


def split_acronym(core: str) -> tuple[str, str] | None:
    """ "Amazon Web Services AWS" -> ("Amazon Web Services", "AWS") when initials agree."""
    tokens = core.split()
    if len(tokens) < 2 or not re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", tokens[-1]):
        return None
    acronym = tokens[-1]
    for k in range(1, len(tokens)):
        words = tokens[-1 - k : -1]
        if initials_match(words, acronym):
            return " ".join(tokens[:-1]), acronym
    return None


def vendor_prefixes(names: list[str]) -> Counter[str]:
    """Count how many distinct names start with each 1-4 capitalised-word prefix."""
    counts: Counter[str] = Counter()
    for name in names:
        tokens = strip_generic(name)[0].split()
        for k in range(1, min(4, len(tokens) - 1) + 1):
            prefix = tokens[:k]
            if all(t[:1].isupper() or t[:1].isdigit() for t in prefix):
                counts[" ".join(prefix)] += 1
    return counts


def is_vendor_prefix(tokens: list[str], k: int, prefixes: Counter[str]) -> bool:
    """True when ``tokens[:k]`` is a whole vendor name shared by at least two O*NET names.

    "Sun" is not a vendor boundary when every "Sun ..." name is "Sun Microsystems ...":
    the prefix must be followed by different words in different names, otherwise stripping
    it leaves a fragment such as "Microsystems Java".
    """
    prefix = " ".join(tokens[:k])
    extended = " ".join(tokens[: k + 1])
    return prefixes[prefix] >= 2 and prefixes[extended] < prefixes[prefix]


_INFLECTIONS = ("s", "es", "d", "ed", "r", "er", "ing", "est", "ly")


def is_common_word(word: str, lexicon: set[str]) -> bool:
    """True when ``word`` or its stem (fastest -> fast, scheduler -> schedule) is English."""
    w = word.lower()
    if w in lexicon:
        return True
    return any(
        w.endswith(suffix) and len(w) - len(suffix) >= 3 and w[: -len(suffix)] in lexicon
        for suffix in _INFLECTIONS
    )


def is_common(words: list[str], lexicon: set[str]) -> bool:
    """True when every word is ordinary English according to ``lexicon``."""
    return all(is_common_word(w, lexicon) for w in words)


@dataclass
class Derived:
    """Aliases for one O*NET name, by mode."""

    aliases: set[str] = field(default_factory=set)  # lower-cased, case-insensitive
    exact: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)
    derived_keys: set[str] = field(default_factory=set)  # keys that may collide/drop


def derive(name: str, prefixes: Counter[str], lexicon: set[str], hot: bool = False) -> Derived:
    """Compute the aliases of one O*NET technology name (see module docstring)."""
    out = Derived()
    core, paren_acronym = strip_generic(name)
    full_tokens = name.split()
    core_tokens = core.split()

    # The full name (and the name without its generic suffix) always match, unless it is a
    # single short or common word, which then needs a skills context.
    if len(full_tokens) == 1 and (len(name) <= 2 or is_common(full_tokens, lexicon)):
        out.context.add(name)
    else:
        out.aliases.add(alias_key(name))
    # Without its generic suffix the name must still be distinctive on its own: "Teradata
    # software" -> "teradata", but "Accounting software" must not become "accounting".
    if core != name and not (
        len(core) <= 2 or (len(core_tokens) <= 2 and is_common(core_tokens, lexicon))
    ):
        out.aliases.add(alias_key(core))

    candidates: list[tuple[str, bool]] = []  # (alias, is_acronym)
    if paren_acronym:
        candidates.append((paren_acronym, True))
    split = split_acronym(core)
    if split:
        phrase, acronym = split
        candidates += [(phrase, False), (acronym, True)]
    for base in sorted({core, split[0] if split else core}):
        tokens = base.split()
        for k in range(1, min(3, len(tokens) - 1) + 1):
            rest = tokens[k:]
            # The remainder must start like a product name ("JIRA", "3D Studio"), and not
            # with an ordinary word ("Web Services AWS SageMaker" is a fragment, not a name).
            starts_like_name = rest[0][:1].isupper() or rest[0][:1].isdigit()
            if (
                is_vendor_prefix(tokens, k, prefixes)
                and starts_like_name
                and not (len(rest) > 1 and is_common(rest[:1], lexicon))
            ):
                candidates.append((" ".join(rest), False))

    for alias, is_acronym in candidates:
        tokens = alias.split()
        key = alias_key(alias)
        if key in out.aliases or len(alias) <= 2 or alias.isdigit():
            continue
        if len(tokens) == 1 and is_common(tokens, lexicon):
            continue  # "Microsoft Project" -> "project": not distinctive on its own
        if len(tokens) == 2 and is_common(tokens, lexicon):
            continue  # "Amazon Web Services" -> "web services"
        if len(alias) <= 3 and not hot:
            continue  # three-letter names/acronyms are heavily overloaded ("ACA", "CMA", "PTS")
        if is_acronym:
            out.exact.add(alias)
        else:
            out.aliases.add(key)
        out.derived_keys.add(key)
    return out


# --- assembling the vocabulary ---------------------------------------------------------


@dataclass
class Skill:
    """One skill in the output file."""

    name: str
    category: str
    hot: bool = False
    aliases: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)


def build(onet_dir: Path, curated_file: Path = DEFAULT_CURATED) -> dict[str, object]:
    """Build the vocabulary document (a JSON-serialisable dict)."""
    curated = load_curated(curated_file)
    techs, lexicon = read_onet(onet_dir)
    names = sorted(techs)
    prefixes = vendor_prefixes(names)
    derived = {n: derive(n, prefixes, lexicon, techs[n].hot) for n in names}

    skills: dict[str, Skill] = {}
    curated_keys: dict[str, str] = {}  # alias key -> curated canonical
    for cur in curated:
        if cur.name in skills:
            raise ValueError(f"duplicate curated skill {cur.name!r}")
        skill = Skill(
            cur.name,
            cur.category,
            aliases={alias_key(a) for a in cur.aliases},
            exact=set(cur.exact),
            context=set(cur.context),
        )
        skills[cur.name] = skill
        for key in skill.aliases | {alias_key(a) for a in skill.exact | skill.context}:
            if curated_keys.setdefault(key, cur.name) != cur.name:
                raise ValueError(f"alias {key!r} used by {curated_keys[key]} and {cur.name}")

    # Absorb O*NET names into curated skills: explicitly listed ones, plus any O*NET name
    # whose full name or a surviving derived alias is already a curated alias.
    absorbed: dict[str, str] = {}
    for cur in curated:
        for onet_name in cur.onet:
            if onet_name not in techs:
                logger.warning("curated %s: O*NET name %r not found", cur.name, onet_name)
                continue
            absorbed[onet_name] = cur.name
    curated_ci = {alias_key(a): cur.name for cur in curated for a in cur.aliases}
    curated_cs = {a: cur.name for cur in curated for a in cur.exact + cur.context}
    for n in names:
        if n in absorbed:
            continue
        # Case-sensitive forms only absorb on identical spelling: the O*NET acronym "EPIC"
        # (Erosion Productivity Impact Calculator) is not the EHR vendor "Epic".
        hits = sorted(curated_ci[k] for k in derived[n].aliases if k in curated_ci)
        hits += sorted(curated_cs[f] for f in derived[n].exact if f in curated_cs)
        if hits:
            absorbed[n] = hits[0]

    for n, target in sorted(absorbed.items()):
        skill = skills[target]
        tech = techs[n]
        skill.hot = skill.hot or tech.hot
        # Only add aliases that do not weaken the curated case rules ("Go" stays context).
        for key in derived[n].aliases:
            if key not in curated_keys:
                skill.aliases.add(key)
        for form in derived[n].exact:
            if alias_key(form) not in curated_keys:
                skill.exact.add(form)

    # Remaining O*NET names: drop derived aliases claimed by several names.
    claims: Counter[str] = Counter()
    for n in names:
        if n not in absorbed:
            claims.update(derived[n].derived_keys)
    full_keys = {alias_key(n) for n in names} | {alias_key(strip_generic(n)[0]) for n in names}
    for n in names:
        if n in absorbed:
            continue
        d = derived[n]
        drop = {
            k
            for k in d.derived_keys
            if claims[k] > 1
            or k in full_keys
            and k not in {alias_key(n), alias_key(strip_generic(n)[0])}
        }
        skills[n] = Skill(
            n,
            techs[n].categories.most_common(1)[0][0],
            techs[n].hot,
            aliases={a for a in d.aliases if a not in drop and a not in curated_keys},
            exact={e for e in d.exact if alias_key(e) not in drop | curated_keys.keys()},
            context={x for x in d.context if alias_key(x) not in curated_keys},
        )

    # Curated skills with no O*NET category keep their own; categories become an index list.
    ordered = sorted(skills.values(), key=lambda s: s.name.lower())
    categories = sorted({s.category for s in ordered})
    cat_index = {cat: i for i, cat in enumerate(categories)}
    records: list[dict[str, object]] = []
    for s in ordered:
        rec: dict[str, object] = {"name": s.name, "cat": cat_index[s.category]}
        if s.hot:
            rec["hot"] = 1
        # The lower-cased name is implied as an alias unless flagged otherwise, to keep the
        # file small: most O*NET names have no other alias.
        aliases = set(s.aliases)
        if alias_key(s.name) in aliases:
            aliases.discard(alias_key(s.name))
        else:
            rec["noname"] = 1
        if aliases:
            rec["a"] = sorted(aliases)
        if s.exact:
            rec["x"] = sorted(s.exact)
        if s.context:
            rec["ctx"] = sorted(s.context)
        records.append(rec)
    return {
        "format": 1,
        "attribution": ATTRIBUTION,
        "source": "O*NET 29.2 Technology Skills (technology names, Commodity Title, Hot "
        "Technology) plus Screener's curated synonyms; built by scripts/build_skill_vocab.py",
        "fields": {
            "name": "canonical display name",
            "cat": "index into categories",
            "hot": "1 when O*NET marks it a Hot Technology",
            "noname": "1 when the lower-cased name itself is NOT a case-insensitive alias",
            "a": "extra case-insensitive aliases (lower-case)",
            "x": "case-sensitive aliases (exact spelling)",
            "ctx": "case-sensitive aliases matched only in a skills context",
        },
        "categories": categories,
        "skills": records,
    }


def dump(doc: dict[str, object], out: Path) -> None:
    """Write compact JSON with one skill per line, so diffs of the committed file are small."""
    skills = doc["skills"]
    assert isinstance(skills, list)
    head = {k: v for k, v in doc.items() if k != "skills"}
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in skills]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    text += ',\n "skills": [\n' + ",\n".join(lines) + "\n ]\n}\n"
    json.loads(text)  # guard: the hand-assembled document must stay valid JSON
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onet", type=Path, default=DEFAULT_ONET)
    parser.add_argument("--curated", type=Path, default=DEFAULT_CURATED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    doc = build(args.onet, args.curated)
    dump(doc, args.out)
    skills = doc["skills"]
    assert isinstance(skills, list)
    n_alias = sum(
        len(r.get("a", [])) + len(r.get("x", [])) + len(r.get("ctx", [])) + (not r.get("noname"))
        for r in skills
    )
    print(
        f"wrote {args.out} : {len(skills)} skills, {n_alias} aliases, "
        f"{args.out.stat().st_size / 1024:.0f} KiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
