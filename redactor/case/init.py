"""`init-case`: a first case file from drafts, for the chair to check and edit.

Detection finds the names in every draft; names are grouped into people as the pseudonyms
stage groups unlisted people ("Gary Holt", "Mr Holt", "Gary" -> one person); words around
each mention suggest a role (victim, perpetrator, child, family, friend, neighbour,
professional with a job label), an age ("aged 3") and a gender (titles, kinship words, the
pronouns that follow). Review panel members go under `keep` (a published DHR names them).
Every person gets a proposed pseudonym, marked `pseudonym_generated` so the family's choice
can replace it. The words used are data: `patterns/pseudonyms/roles.yaml`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from redactor.case.file import Case, Person
from redactor.case.forms import gender_of_title, split_name, split_possessive, titles
from redactor.case.people import Mention, parse_mention, person_for_mention
from redactor.case.pseudonyms import (
    assign_pseudonyms,
    kin_title,
    label_for_job,
    role_data,
    role_label,
    role_labels,
)
from redactor.case.save import save_case
from redactor.detect.engine import Detector
from redactor.errors import OutputError
from redactor.io import read_document
from redactor.model import Block, Document, Entity
from redactor.options import RunOptions

PUBLIC_ROLE = "public-role"  # detection's rule for people named in a public role (the chair…)
ROLE_ORDER = ("victim", "perpetrator", "child", "family", "friend", "neighbour",
              "professional", "other")
WINDOW_WORDS = 6  # words either side of a mention read for role words
KILLED_WORDS = 12  # words after a name where "who was killed" still tells of it
KIN_WORDS = 3  # kinship words count only this close ("their daughter Ellie")
PRONOUN_CHARS = 160  # how far after a mention its pronoun is looked for
_AGE = re.compile(r"^\W*(?:an?\s+[a-z-]+\s+)?(?:who\s+was\s+|was\s+|now\s+|then\s+)?aged\s+"
                  r"(\d{1,3})\b|^\s*\((\d{1,3})\)"  # "Tegan, a girl then aged 14"
                  r"|^,?\s+(?:was|is)\s+(\d{1,3})(?=\s*[.,;]|\s+(?:when|at\s+the\s+time|and|in|at|on|by)\b)")
_AGE_BEFORE = re.compile(r"\b(\d{1,3})[- ]year[- ]old\s*$")
_WITH_A_JOB = re.compile(r"(?i)\b(?:with|to|from|by|for)\s+an?\s+[\w-]+\s*,\s*$")
_NEXT_CELL = re.compile(r"[ \t]*\|[ \t]*([^|\n]+)")  # a table row read as text
_CELL_AGE = re.compile(r"\((\d{1,3})\)|\baged\s+(\d{1,3})\b")
_SENTENCE_END = re.compile(r"[.!?;:]\s|\n\s*\n|\|")  # a lone newline wraps a line
_WORD = re.compile(r"[\w'\u2019-]+")


@dataclass
class Evidence:
    """What the drafts say about one person, mention by mention."""

    roles: Counter[str] = field(default_factory=Counter)
    genders: Counter[str] = field(default_factory=Counter)  # titles and kinship words
    pronouns: Counter[str] = field(default_factory=Counter)
    ages: Counter[int] = field(default_factory=Counter)
    jobs: Counter[str] = field(default_factory=Counter)
    forms: dict[str, str] = field(default_factory=dict)  # lower-case form -> as first written
    panel: int = 0
    chair: int = 0  # "Author: Judith Langley", "Judith Langley, Independent Chair"
    place: int = 0  # "a resident of Hadley", "Hadley Health Visiting Service"
    place_example: str = ""  # the words around the first such mention
    child_kin: int = 0  # "their daughter Ellie"
    parent: int = 0  # "Alison's son": this person is somebody's parent
    mentions: int = 0
    first_seen: tuple[int, int, int] = (0, 0, 0)


def init_case(
    drafts: Sequence[Path], out: Path, detector: Detector | None = None,
    limits: RunOptions | None = None,
) -> Case:
    """Build a case file from `drafts` and write it to `out`, which must not exist yet."""
    out = Path(out)
    if out.exists():
        raise OutputError(out, "the case file exists already; init-case never overwrites one "
                          "(choose another --out, or edit the existing file)")
    if not out.parent.is_dir():
        raise OutputError(out.parent, "output folder does not exist")
    case = build_case(drafts, detector, limits)
    save_case(case, out)
    return case


def build_case(drafts: Sequence[Path], detector: Detector | None = None,
               limits: RunOptions | None = None) -> Case:
    """A case with the people the drafts mention, their guessed roles and proposed pseudonyms."""
    detector = detector or Detector(RunOptions())
    limits = limits or RunOptions()  # its --max-words and --max-mb (issue 18)
    options = RunOptions(accept_changes=True,  # read every word, including tracked changes
                         max_words=limits.max_words, max_mb=limits.max_mb,
                         max_paragraph_words=limits.max_paragraph_words)
    case = Case()
    evidence: dict[str, Evidence] = {}
    draft_names: list[str] = []
    documents: list[list[str]] = []
    public: dict[str, None] = {}  # people detection keeps as named in a public role
    for doc_index, path in enumerate(drafts):
        document = read_document(Path(path), options)
        documents.append([block.text for block in document.blocks])
        detection = detector.detect(document, Case())
        entities = [e for e in detection.entities if e.label == "PERSON"]
        draft_names += [e.text for e in entities]
        for kept in getattr(detection, "kept", None) or []:  # detection keeps public roles
            if PUBLIC_ROLE in (kept.source or "") and " " in kept.text.strip():
                public.setdefault(" ".join(kept.text.split()), None)
        _collect(case, evidence, document, entities, doc_index)
    texts = [text for draft in documents for text in draft]
    case.area = find_area(texts)
    agencies = find_agencies(texts, case.area)
    agency_words = {w.lower() for a in [*agencies, case.area or ""] for w in a.split()}
    for person in case.people:
        evidence[person.id].chair += _named_as_chair(person, texts)
    panel = [p for p in case.people if _is_panel(evidence[p.id], public=any(
        form in public for form in (p.name, *p.aliases)))]
    places = [p for p in case.people if p not in panel and _is_place(p, evidence[p.id],
                                                                     agency_words)]
    case.keep = sorted({p.name if not p.title else f"{p.title} {p.name}" for p in panel})
    listed = {bare.lower() for p in case.people for bare in (p.name, *p.aliases)}
    heads = set(role_data()["agencies"]["heads"])
    for name in public:
        if (name.lower() not in {k.lower() for k in case.keep} and name.lower() not in listed
                and not any(w in heads or w.endswith(("'s", "\u2019s")) for w in name.split())):
            case.keep.append(name)
    case.keep = [k for k in case.keep if " " in k or k in case.keep_checks
                 or not any(other.startswith(k + " ") for other in case.keep)]  # "Alan"
    for person in places:
        case.keep.append(person.name)
        example = evidence[person.id].place_example
        case.keep_checks[person.name] = "a place, not a person" + (
            f", as in '{example}'" if example else "") + "; move it to people if wrong"
    for agency in agencies:
        if agency.lower() not in {k.lower() for k in case.keep}:
            case.keep.append(agency)
    case.people = [p for p in case.people if p not in panel and p not in places
                   and not _part_of_kept_name(p, case.keep)]
    for person in case.people:
        _guess(person, evidence[person.id])
    _settle_victim_and_perpetrator(case.people, evidence)
    _aliases_only_with_evidence(case.people)
    _chosen_pseudonyms(case, texts)
    _known_as(case, texts)
    _short_or_common_names(case.people)
    case.people.sort(key=lambda p: (ROLE_ORDER.index(p.role), evidence[p.id].first_seen))
    for number, person in enumerate(case.people, start=1):
        person.id = f"P{number}"
    assign_pseudonyms(case, draft_names=draft_names)
    return case


def _collect(case: Case, evidence: dict[str, Evidence], document: Document,
             entities: list[Entity], doc_index: int) -> None:
    blocks = {block.id: (index, block) for index, block in enumerate(document.blocks)}
    found: list[tuple[Entity, int, Mention, str | None]] = []
    for entity in entities:
        start, kin_gender = entity.start, None
        kin = kin_title(entity.text)
        if kin is not None:
            start, kin_gender = start + kin[0], kin[1]
        mention = parse_mention(entity.text[start - entity.start:])
        if mention is not None and not mention.initials and mention.plausible:
            found.append((entity, start, mention, kin_gender))
    found.sort(key=lambda item: (item[2].specificity, blocks[item[0].block_id][0], item[1]))
    for entity, start, mention, kin_gender in found:
        person, _ = person_for_mention(case, mention, new=False)
        seen = (doc_index, blocks[entity.block_id][0], start)
        facts = evidence.setdefault(person.id, Evidence(first_seen=seen))
        facts.first_seen = min(facts.first_seen, seen)
        block_index, block = blocks[entity.block_id]
        _read_context(facts, mention, block, start, entity.end, entities,
                      _neighbours(document.blocks, block_index))
        if kin_gender and kin_gender != "unknown":
            facts.genders[kin_gender] += 1


def _neighbours(blocks: list[Block], index: int) -> tuple[str, str]:
    """The other cells of a table row, and the heading above the block (for panel tables)."""
    block = blocks[index]
    row_match = re.match(r"(.*/t\d+/r\d+)c\d+", block.id)
    row = ""
    if row_match:
        row = " ".join(b.text for b in blocks if b.id.startswith(row_match.group(1) + "c"))
    in_table = bool(row_match) or block.text.lstrip().startswith("|")
    heading = ""
    if in_table:
        for earlier in reversed(blocks[:index]):
            if "/t" not in earlier.id and not earlier.text.lstrip().startswith("|") and (
                len(earlier.text.split()) <= 8
            ):
                heading = earlier.text
                break
    return row, heading


def _read_context(facts: Evidence, mention: Mention, block: Block, start: int, end: int,
                  entities: list[Entity], neighbours: tuple[str, str]) -> None:
    """Add what the words around one mention say to `facts`."""
    facts.mentions += 1
    form = " ".join(split_possessive(mention.text)[0].split())
    if facts.forms.setdefault(form.lower(), form).isupper() and not form.isupper():
        facts.forms[form.lower()] = form  # "Irene Pellow" over a heading's "IRENE PELLOW"
    text = block.text
    before_text = _SENTENCE_END.split(text[:start])[-1]
    after_text = _SENTENCE_END.split(text[end:])[0]
    before = _words(before_text)[-WINDOW_WORDS:]
    after = _words(after_text)[:WINDOW_WORDS]
    window = " ".join([*before, "#", *after, *_pronoun_sentence(text[end:])]).lower()
    data = role_data()
    if mention.title:
        gender = gender_of_title(mention.title)
        if gender != "unknown":
            facts.genders[gender] += 1
        label = role_label(Person(id="", name=mention.name, title=mention.title))
        if label != "Professional":
            facts.roles["professional"] += 2
            facts.jobs[label] += 1
    killed_by, killed = _killing_patterns()
    killer = bool(killed_by.search(" ".join(before)))  # "killed by her partner, Craig"
    if killer:
        facts.roles["perpetrator"] += 1
    elif killed.match(" ".join(_words(after_text)[:KILLED_WORDS])):
        facts.roles["victim"] += 1  # "Joanne Whitworth, known to her family as Jo, who was
        # killed by her partner"
    for role, words in data["roles"].items():
        if (role != "victim" or not killer) and any(_has_phrase(window, word) for word in words):
            facts.roles[role] += 1
    apposition = after_text.lstrip()[:1] in ",("
    cell = _NEXT_CELL.match(text, end)  # "Chloe Barrow | Daughter (9)": the row's next cell
    after_kin = _words(cell.group(1))[:KIN_WORDS] if cell else \
        (after[:KIN_WORDS] if apposition else [])
    # a kin word before the name, not one inside someone else's brackets ("Liam (son, 15) -
    # Chloe")
    before_kin = _words(re.split(r"[()]", before_text)[-1])[-KIN_WORDS:]
    near = " ".join([*before_kin, "#", *after_kin]).lower()
    if cell and (age_in_cell := _CELL_AGE.search(cell.group(1))):
        facts.ages[int(next(g for g in age_in_cell.groups() if g))] += 1
    for role, by_gender in data["kin"].items():
        for gender, words in by_gender.items():
            if any(_has_phrase(near, word) for word in words):
                if role == "child":
                    facts.child_kin += 1
                if role != "partner":
                    facts.roles["family"] += 1
                if gender != "unknown":
                    facts.genders[gender] += 1
    child_words = [w for words in data["kin"]["child"].values() for w in words]
    possessed = re.match(r"['\u2019]s\s+(\w+)(?:\s+(\w+))?", text[end:end + 40])
    if possessed and any((w or "").lower() in child_words for w in possessed.groups()):
        facts.parent += 1
    jobs_near = re.sub(r"\S+['\u2019]s\b", " ", near)  # "the officer's record ... Craig"
    if _WITH_A_JOB.search(before_text):  # "In discussion with an IDVA, Michelle disclosed"
        jobs_near = jobs_near.split("#", 1)[-1]
    for role in role_labels():
        if any(_has_phrase(jobs_near, word.lower()) for word in role.words):
            facts.roles["professional"] += 1
            facts.jobs[role.label] += 2  # a job named beside the name beats one from a title
    age = _AGE.search(text[end:end + 40]) or _AGE_BEFORE.search(text[max(0, start - 20):start])
    if age:
        facts.ages[int(next(g for g in age.groups() if g))] += 1
    row, heading = neighbours
    panel = data["panel"]
    if any(_has_phrase(row.lower(), word) for word in panel["chair"]):
        facts.chair += 1  # (in a sentence, only right beside the name: `_named_as_chair`)
    agencies = data["agencies"]
    next_word = re.match(r"\s+([A-Z][\w'\u2019-]*)", text[end:end + 40])
    if (before and before[-1].lower() in agencies["places"] and not mention.title) or (
            next_word and next_word.group(1) in agencies["heads"]):
        facts.place += 1
        if not facts.place_example:
            left = " ".join(before[-3:])
            right = text[end:end + 40].split("\n")[0].split(",")[0].split(".")[0]
            facts.place_example = f"{left} {text[start:end]}{right}".strip()
    sentence = f"{before_text} {text[start:end]} {after_text}".lower()
    if any(_has_phrase(f"{sentence} {row}".lower(), word) for word in panel["context"]) and \
            not any(_has_phrase(sentence, word) for word in panel["not_context"]) or any(
        _has_phrase(heading.lower(), word) for word in panel["headings"]
    ):  # (in the mention's sentence: "The sympathies of the review panel go to ...")
        facts.panel += 1
    subject = len([w for w in before if not w[0].isdigit()]) <= 1  # "4.2 Daniel Marsh, …"
    pronoun = _next_pronoun(text, end, entities, block.id) if subject else None
    if pronoun:
        facts.pronouns[pronoun] += 1


@cache
def _killing_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """From `killed_by` in patterns/pseudonyms/roles.yaml: the words ending just before the one
    who killed ("killed by her partner,"), and those after the one killed ("..., who was
    killed")."""
    phrases = role_data()["killed_by"]
    verbs = "|".join(re.escape(p.removesuffix(" by")) for p in phrases)
    return (re.compile(rf"(?i:\b(?:{'|'.join(map(re.escape, phrases))})\b(?:\s+\w+){{0,2}}$)"),
            re.compile(rf"(?i:(?:\S+\s+){{0,8}}?(?:who\s+)?(?:was|had\s+been)\s+(?:{verbs})\b)"))


def _pronoun_sentence(text: str) -> list[str]:
    """The first words of the next sentence when it starts with he/she: it is about the name
    ("Stephen Whitlock lived with her. He was later found guilty of manslaughter.")."""
    parts = _SENTENCE_END.split(text, maxsplit=2)
    if len(parts) < 2:
        return []
    words = _words(parts[1])
    subjects = {w for gendered in role_data()["pronouns"].values() for w in gendered[:1]}
    return words[:WINDOW_WORDS + 2] if words and words[0].lower() in subjects else []


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _has_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase.lower())}(?![\w-])", text) is not None


def _next_pronoun(text: str, end: int, entities: list[Entity], block_id: str) -> str | None:
    """The gender of the first third-person pronoun after a mention, before any other name."""
    limit = min([len(text), end + PRONOUN_CHARS,
                 *(e.start for e in entities if e.block_id == block_id and e.start >= end)])
    pronouns = role_data()["pronouns"]
    for word in _words(text[end:limit]):
        for gender, words in pronouns.items():
            if word.lower() in words:
                return str(gender)
    return None


def _is_panel(facts: Evidence, *, public: bool = False) -> bool:
    """Named as the chair or author, or as a panel member, or in a public role as `redact`
    reads it (`public`: "Steve Appleton, Managing Director, …"), and nowhere else as anything
    but a professional."""
    family_roles = sum(facts.roles[r] for r in ROLE_ORDER if r not in ("professional", "other"))
    if family_roles or facts.ages:
        return False  # (an age is given for people in the story, never for the panel)
    return public or facts.chair > 0 or (facts.panel > 0 and facts.panel * 2 >= facts.mentions)


def _named_as_chair(person: Person, texts: list[str]) -> int:
    """How often the drafts write the person's full name right beside "Independent Chair"
    or "Author" ("Author: Judith Langley, Independent Chair"), in any part (detection may
    not have taken that mention as a name)."""
    if " " not in person.name.strip():
        return 0
    words = "|".join(re.escape(w) for w in role_data()["panel"]["chair"])
    name = re.escape(person.name)
    pattern = re.compile(rf"(?i:\b(?:{words})\b)\W{{1,3}}{name}\b|\b{name}\W{{1,3}}"
                         rf"(?:\w+\W+){{0,2}}(?i:(?:{words})\b)")
    return sum(1 for text in texts if pattern.search(text))


def _is_place(person: Person, facts: Evidence, agency_words: set[str]) -> bool:
    """A one-word "person" that is a place: part of an agency's or the area's name, or
    written after "in", "of", "at"… in most of its mentions; never one written with a
    title or a kinship word ("her daughter Hope")."""
    if " " in person.name.strip() or person.title or facts.child_kin or facts.genders:
        return False
    return person.name.lower() in agency_words or facts.place * 2 > facts.mentions


_AREA = re.compile(
    r"\b(?:(?:Safer|Stronger|Safe)[ \t]+(?:(?:[A-Z][\w'\u2019-]+|in|the|of|and|for|&)[ \t]+){1,4}"
    r"Partnership"  # ("Safe in the City Partnership")
    r"|(?:[A-Z][\w'\u2019-]+[ \t]+){1,4}Community[ \t]+Safety[ \t]+Partnership)\b")
_CAPITALISED_RUN = re.compile(
    r"(?:[A-Z][\w'\u2019&-]*)(?:[ \t\u00a0]+(?:for[ \t\u00a0]+)?[A-Z][\w'\u2019&-]*)*")


TITLE_PAGE_BLOCKS = 10  # the first blocks of the first draft: its title page


def _part_of_kept_name(person: Person, keep: list[str]) -> bool:
    """"Rosalind" when "Dr Rosalind Carew" (the chair) is kept: the kept person's first name
    alone ("Contact: Rosalind Carew" read as two people), not someone to pseudonymise."""
    known = {t.lower() for t in titles()}
    given = {words[0].lower() for words in (
        [w for w in k.split() if w.rstrip(".").lower() not in known] for k in keep)
        if len(words) > 1}
    return len(person.name.split()) == 1 and person.name.lower() in given


def find_area(texts: Iterable[str]) -> str | None:
    """The Community Safety Partnership on the first draft's title page; else the one the
    drafts name most (a report listing other partnerships' reviews names them more often:
    "Wiltshire Community Safety Partnership published ..." in a Gloucester report)."""
    found: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, text in enumerate(texts):
        for match in _AREA.finditer(text):
            name = re.sub(r"^(?:The|A|An)\s+", "", " ".join(match.group(0).split()))
            found[name] += 1
            first.setdefault(name, index)
    if not found:
        return None
    titled = [name for name in found if first[name] < TITLE_PAGE_BLOCKS]
    if titled:
        return min(titled, key=lambda name: first[name])
    return max(found, key=lambda name: (found[name], -first[name]))


def find_agencies(texts: Iterable[str], area: str | None) -> list[str]:
    """Agencies the drafts name ("Northshire Police", "HMP Northshire"), in order of first
    appearance; never the area itself, a school or a GP surgery (those identify a place)."""
    data = role_data()["agencies"]
    heads, prefixes = set(data["heads"]), set(data["prefixes"])
    not_heads = set(data["not_heads"])
    found: dict[str, None] = {}
    for text in texts:
        for match in _CAPITALISED_RUN.finditer(text):
            words = split_possessive(match.group(0))[0].split()
            while words and words[0] in ("The", "A", "An", "Both", "Each", "This", "Author:"):
                words = words[1:]
            if len(words) < 2 or any(w in not_heads for w in words):
                continue
            if _HOUSE_NUMBER.search(text, max(0, match.start() - 8), match.start()):
                continue  # "4 Kirkland Court": an address, not a court
            if words[0] in prefixes or any(w in heads for w in words[1:]):
                name = " ".join(words)
                if area is None or name.lower() != area.lower():
                    found.setdefault(name, None)
    return list(found)


_HOUSE_NUMBER = re.compile(r"(?<![\w/.-])\d{1,4}[A-Za-z]?,?[ \t]+$")  # before a street's name
_NAME = r"[A-Z][\w'\u2019-]+(?:[ \t][A-Z][\w'\u2019-]+)?"
_CHOSEN = re.compile(
    rf"\b(?P<who>{_NAME})\s+(?:should\s+)?be\s+(?:called|known\s+as|referred\s+to\s+as)\s+"
    rf"['\"\u2018\u201c]?(?P<pseudonym>{_NAME})")


# "The family have chosen the pseudonym Jane for the victim", "chose the pseudonym 'Edith'
# for Irene", "the pseudonym Jane has been used for the victim".
_CHOSEN_FOR = re.compile(
    rf"\bpseudonyms?\s+(?:of\s+)?['\"\u2018\u201c]?(?P<pseudonym>{_NAME})['\"\u2019\u201d]?"
    rf"(?:\s+(?:has|had)\s+been\s+(?:used|chosen|agreed|given))?\s+(?:for|to\s+refer\s+to)\s+"
    rf"(?:(?P<victim>the\s+(?:victim|deceased))|(?P<who>{_NAME}))")


def _chosen_pseudonyms(case: Case, texts: Iterable[str]) -> None:
    """A pseudonym the draft says the family chose ("The family asked that Irene be called
    Edith in the published report", "chose the pseudonym Jane for the victim") becomes that
    person's pseudonym, and is not a person."""
    for text in texts:
        for match in [*_CHOSEN.finditer(text), *_CHOSEN_FOR.finditer(text)]:
            who = match.group("who")
            pseudonym = match.group("pseudonym").rstrip("'\u2019")  # "be called 'Andy'"
            people = [p for p in case.people if p.role == "victim"] \
                if match.groupdict().get("victim") else [
                    p for p in case.people if who.lower() in
                    {p.name.lower(), *(a.lower() for a in p.aliases),
                     (split_name(p.name).first or "").lower()}]
            if len(people) != 1:
                continue
            person = people[0]
            person.pseudonym, person.pseudonym_generated = pseudonym, False
            person.checks.append(f"pseudonym taken from the draft: '{match.group(0)}'")
            case.people = [p for p in case.people
                           if p is person or p.name.lower() != pseudonym.lower()]


_KNOWN_AS = re.compile(
    rf"\b(?P<who>{_NAME}),?\s+\(?(?:also\s+|better\s+)?known\s+(?:to\s+(?:\w+\s+){{1,2}})?as\s+"
    rf"['\"\u2018\u201c]?(?P<alias>[A-Z][\w'\u2019-]+)")


def _known_as(case: Case, texts: Iterable[str]) -> None:
    """An alias the draft states ("Daniel Marsh, known to friends as Danny") is that
    person's, and a "person" found under it alone is the same one."""
    for text in texts:
        for match in _KNOWN_AS.finditer(text):
            who, alias = match.group("who"), match.group("alias")
            people = [p for p in case.people if p.name.lower() == who.lower()]
            if len(people) != 1:
                continue
            person = people[0]
            if alias.lower() not in {a.lower() for a in person.aliases}:
                person.aliases.append(alias)
            merged = [p for p in case.people if p is not person
                      and p.name.lower() == alias.lower()]
            for other in merged:  # "Jo" read as the victim: so is Joanne Whitworth
                if other.role in ("victim", "perpetrator") and person.role == "other":
                    person.role = other.role
                person.age = person.age if person.age is not None else other.age
                person.gender = person.gender if person.gender != "unknown" else other.gender
            case.people = [p for p in case.people if not any(p is m for m in merged)]


def _short_or_common_names(people: list[Person]) -> None:
    """A name or alias the case-file loader would refuse ("Jo": shorter than three characters,
    or a common word) is kept with `allow_common` and marked for the chair, so the file
    init-case writes loads; a single letter is left out."""
    from redactor.case.file import term_problem

    for person in people:
        person.aliases = [a for a in person.aliases
                          if sum(c.isalpha() for c in a) > 1 or not term_problem(a)]
        problems = [(n, term_problem(n)) for n in (person.name, *person.aliases)]
        problems = [(n, why) for n, why in problems if why]
        if problems:
            person.allow_common = True
            person.checks += [f"{name!r} {why}: allowed (allow_common), so every '{name}' "
                              "in the drafts changes; remove it if that catches other words"
                              for name, why in problems]


def _aliases_only_with_evidence(people: list[Person]) -> None:
    """A title and surname ("Mrs O'Neill") that fits several people of the case is given to
    none of them: each is marked for the chair to decide."""
    for person in people:
        for alias in list(person.aliases):
            parts = split_name(alias)
            if not parts.title or parts.given or not parts.surname:
                continue
            gender = gender_of_title(parts.title)
            fits = [other for other in people
                    if (split_name(other.name).surname or "").lower() == parts.surname.lower()
                    and "unknown" in (gender, other.gender) or (
                        (split_name(other.name).surname or "").lower() == parts.surname.lower()
                        and other.gender == gender)]
            if len(fits) > 1:
                person.aliases.remove(alias)
                others = ", ".join(other.name for other in fits)
                for other in fits:
                    note = f"{alias!r} in the drafts may be any of {others}: add it to the " \
                           "right person's aliases"
                    if note not in other.checks:
                        other.checks.append(note)


def _guess(person: Person, facts: Evidence) -> None:
    """Role, age, gender, job and aliases from the evidence (the chair checks them)."""
    person.new = False
    if person.name.isupper():
        person.name = facts.forms.get(person.name.lower(), person.name)
    person.age = facts.ages.most_common(1)[0][0] if facts.ages else None
    person.gender = _gender(facts, person)
    roles = facts.roles
    titled = person.title is not None
    accused_or_killed = roles["victim"] or roles["perpetrator"]
    if person.age is not None and person.age < 18 or (
        person.age is None and facts.child_kin and not facts.parent and not titled
        and not accused_or_killed
    ):
        person.role = "child"
        if person.age is None:  # "Margaret's son, John": a son may be 40
            person.checks.append("a child only because a son, daughter or grandchild of "
                                 "someone: no age in the drafts; an adult son or daughter "
                                 "is 'family'")
    elif roles["professional"] and roles["professional"] >= max(
        roles[r] for r in ("family", "friend", "neighbour")
    ):
        person.role = "professional"
        person.job = facts.jobs.most_common(1)[0][0] if facts.jobs else None
        if person.job is not None:
            person.job = label_for_job(person.job)
    else:
        ranked = [r for r in ("family", "friend", "neighbour") if roles[r]]
        person.role = max(ranked, key=lambda r: roles[r]) if ranked else "other"
    name = person.name.lower()
    person.aliases = sorted(form for key, form in facts.forms.items() if key != name)


def _gender(facts: Evidence, person: Person) -> str:
    if person.gender != "unknown":
        return person.gender
    for votes in (facts.genders, facts.pronouns):
        female, male = votes["female"], votes["male"]
        if votes is facts.pronouns and female + male < 2:
            break
        if female >= 2 * male and female:
            return "female"
        if male >= 2 * female and male:
            return "male"
    return "unknown"


def _settle_victim_and_perpetrator(people: Iterable[Person], evidence: dict[str, Evidence]
                                   ) -> None:
    """The adult with most victim words is the victim; likewise the perpetrator."""
    adults = [p for p in people if p.role not in ("child", "professional")]
    for role in ("victim", "perpetrator"):
        candidates = [p for p in adults if evidence[p.id].roles[role] > 0 and p.role not in (
            "victim", "perpetrator")]
        if not candidates:
            continue
        best = max(candidates, key=lambda p: (evidence[p.id].roles[role]
                                              - evidence[p.id].roles[_other(role)],
                                              evidence[p.id].mentions))
        if evidence[best.id].roles[role] > evidence[best.id].roles[_other(role)]:
            best.role = role


def _other(role: str) -> str:
    return "perpetrator" if role == "victim" else "victim"
