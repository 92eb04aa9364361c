"""Checks on what the text says: known names (LEAK), unlisted identifiers (PII),
day-precise dates (DATE) and children's genders (CHILD)."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from redactor.case import Case
from redactor.case.forms import is_label, name_variants, name_words
from redactor.case.pseudonyms import name_lists as pseudonym_lists
from redactor.case.terms import keep_terms
from redactor.checks.config import CheckConfig
from redactor.checks.inspection import Inspection, Unit
from redactor.detect.casematch import CASE_FILE_SOURCE, CaseMatcher
from redactor.detect.dates import find_day_precise_dates
from redactor.detect.engine import Detection
from redactor.detect.publiclife import (
    PublicSpan,
    acronyms,
    find_public_spans,
    in_place_context,
)
from redactor.model import Block, Document, Finding, join_blocks
from redactor.paths import read_word_list
from redactor.stages.gender import child_references

_PLACEHOLDER = re.compile(r"^\[[^\]]*\]$")
_CELL_BREAK = re.compile(r"[\t|]")  # a tab stop or a table rule: nothing reads across it
_SHORT_NUMBER = re.compile(r"^\d{1,4}$")
MODEL_SOURCE = "SpacyRecognizer"  # the language model's guesses


@functools.cache
def ordinary_words(listed: frozenset[str]) -> frozenset[str]:
    """Names that are also ordinary words: the check's list and detection's word lists."""
    given_words = {w.lower() for w in read_word_list("person_names/given_names_words.txt")}
    return listed | name_words() | given_words


@functools.cache
def _given_names() -> frozenset[str]:
    return frozenset(read_word_list("person_names/given_names.txt"))


def one_line(text: str) -> str:
    """`text` with every run of white space (a line break in a PDF) as one space."""
    return " ".join(text.split())


def protected_case(case: Case) -> Case:
    """`case` with every form of every pseudonym added to its keep terms: not leaks."""
    pseudonym_forms = [form for person in case.people for form in _forms(person.pseudonym)]
    people = [dataclasses.replace(person, aliases=[  # the family kept "Sally": not a leak
        a for a in person.aliases
        if a.lower() not in {f.lower() for f in _forms(person.pseudonym)}])
        for person in case.people]
    return dataclasses.replace(case, keep=[*case.keep, *pseudonym_forms], people=people)


def _forms(pseudonym: str | None) -> list[str]:
    """Every form of a pseudonym ("GP 1" is used whole); none for a placeholder."""
    if not pseudonym or _PLACEHOLDER.match(pseudonym):
        return []
    return [pseudonym] if is_label(pseudonym) else [v.text for v in name_variants(pseudonym)]


def _own_pseudonym_forms(case: Case) -> dict[str, set[str]]:
    """Each person's pseudonym forms, lower case: a family may choose the real name as the
    pseudonym ("Edie" for Edie), which is then no leak of that person."""
    return {person.id: {f.lower() for f in _forms(person.pseudonym)} for person in case.people}


def known_by_either_name(case: Case) -> Case:
    """`case` with each pseudonym added to its person's aliases, so a finder that links
    mentions to people (ages, roles) works on a redacted file as on the draft."""
    people = [
        dataclasses.replace(person, aliases=[*person.aliases, person.pseudonym])
        if person.pseudonym and not _PLACEHOLDER.match(person.pseudonym) else person
        for person in case.people
    ]
    return dataclasses.replace(case, people=people)


def leaks(inspection: Inspection, case: Case, config: CheckConfig) -> list[Finding]:
    """LEAK: every case-file name, alias, variant and `redact` term, in every unit."""
    matcher = CaseMatcher(protected_case(case))
    texts = [unit.text for unit in inspection.units]
    if not matcher.may_find(texts) and not any(
            matcher.find_embedded("", t) or matcher.find_glued("", t) for t in texts):
        return []
    roles = {person.id: person.role for person in case.people}
    unconfirmed = {person.id for person in case.people if person.new}
    own_forms = _own_pseudonym_forms(case)
    findings = []
    public = _public_spans(texts)
    for number, unit in enumerate(inspection.units):
        found = [e for e in matcher.find(unit.location, unit.text)
                 + matcher.find_glued(unit.location, unit.text)
                 if not (e.form == "initials" and e.text.isalpha() and any(
                     s.start < e.end and e.start < s.end for s in public(number)))]
        for entity in found:
            where = unit.where_at(entity.start, entity.end)
            location = unit.locate(entity.start)
            text = one_line(entity.text)
            if entity.label == "PERSON" and text.lower() in own_forms.get(
                    entity.person_id or "", set()):
                continue
            if entity.label == "PERSON":
                # A name detection added (not the chair) is often a word: "Key Findings".
                unsure = entity.person_id in unconfirmed and text.islower()
                values = {"text": text, "person": entity.person_id,
                          "role": roles.get(entity.person_id or "", "?"), "where": where}
                word = _ordinary_word_alone(unit.text, entity.start, entity.end, config)
                town = _town_here(unit.text, entity, public(number)) \
                    if not word and entity.form == "last" else ""  # (spans read if needed)
                if town:
                    findings.append(config.finding("LEAK005", str(inspection.path), location,
                                                   why=town, **values))
                elif unsure:
                    findings.append(config.finding("LEAK003", str(inspection.path), location,
                                                   **values))
                elif word:
                    findings.append(config.finding("LEAK004", str(inspection.path), location,
                                                   why=f"{word!r} is an English word",
                                                   **values))
                else:
                    findings.append(config.finding("LEAK001", str(inspection.path), location,
                                                   **values))
            elif entity.label == "REDACT_TERM":
                findings.append(config.finding("LEAK002", str(inspection.path), location,
                                               text=text, where=where))
        for entity in matcher.find_embedded(unit.location, unit.text):  # "jtremayne_81"
            if any(e.start < entity.end and entity.start < e.end for e in found):
                continue  # reported above
            findings.append(config.finding(
                "LEAK001", str(inspection.path), unit.locate(entity.start),
                text=one_line(entity.text), person=entity.person_id,
                role=roles.get(entity.person_id or "", "?"),
                where=unit.where_at(entity.start, entity.end)))
    return findings


def file_name_leaks(path: str, case: Case, config: CheckConfig) -> list[Finding]:
    """LEAK001 for a listed name in the file's own name ("Sarah Jenkins DHR.redacted.docx"):
    the name is published with the file whatever is inside it."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    words = re.sub(r"[_.]", " ", name)  # "sarah_jenkins.redacted.docx": words
    roles = {person.id: person.role for person in case.people}
    own_forms = _own_pseudonym_forms(case)
    return [config.finding("LEAK001", path, "file-name", text=entity.text,
                           person=entity.person_id, role=roles.get(entity.person_id or "", "?"),
                           where="in the file's name: rename the file before publishing")
            for entity in CaseMatcher(protected_case(case)).find("file-name", words)
            if entity.label == "PERSON" and entity.text.lower() not in own_forms.get(
                entity.person_id or "", set())]


def _public_spans(texts: list[str]) -> Callable[[int], list[PublicSpan]]:
    """The public-life spans of each text (with the short forms bodies are given), read
    when first asked: initials run together ("SHT") inside a body's defined short form and
    a surname that is a town where the words make it one are no leak, as redact leaves
    them."""
    @functools.cache
    def spans() -> list[list[PublicSpan]]:
        found = [find_public_spans(text) for text in texts]
        for number, span in acronyms(texts, found):
            found[number].append(span)
        return found

    return lambda number: spans()[number]


def _town_here(text: str, entity: Any, spans: list[PublicSpan]) -> str:
    """Why a case person's surname alone is a town here ("Preston Crown Court", "moved to
    Preston"), or "": redact keeps it (flagged), so it is a warning, not a leak."""
    if entity.form != "last":
        return ""
    for span in spans:
        if span.start <= entity.start and entity.end <= span.end and (
                span.kind == "agency" and span.end > entity.end
                or span.rule == "public-life.place.v1"
                and in_place_context(text, entity.start, entity.end)):
            return f"'{text[span.start:span.end]}'"
    return ""


def _ordinary_word_alone(text: str, start: int, end: int, config: CheckConfig) -> str:
    """The word when text[start:end] is one word that is also an ordinary word ("White" in
    "White British", "Young" in "Young people's") and not a possessive ("White's"); else ""."""
    word = text[start:end]
    if len(word.split()) != 1 or word.lower() not in ordinary_words(config.ordinary_words):
        return ""
    if re.match(r"['\u2019]s\b", text[end:end + 3]) or _person_context(text, start, end):
        return ""
    return word


_IRREGULAR = {"said": "say", "told": "tell", "wrote": "write", "felt": "feel",
              "thought": "think", "rang": "ring", "knew": "know", "spoke": "speak"}


@functools.cache
def _person_words() -> tuple[frozenset[str], frozenset[str]]:
    verbs = frozenset(w.lower() for w in read_word_list("person_names/person_verbs.txt"))
    kin = frozenset(w.lower() for w in read_word_list("person_names/kinship.txt"))
    return verbs, kin


def _lemma(word: str, verbs: frozenset[str]) -> str:
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""),
                         ("s", ""), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and word[:-len(suffix)] + repl in verbs:
            return word[:-len(suffix)] + repl
    return word


def _person_context(text: str, start: int, end: int) -> bool:
    """A person verb right after the word ("White told police") or a relation word right
    before it ("her brother, Young,"): the word is used as a name."""
    verbs, kin = _person_words()
    after = re.match(r"\s+([a-z]+)", text[end:end + 30])
    before = re.search(r"([A-Za-z]+)[\s,]+$", text[max(0, start - 30):start])
    return bool(after and _lemma(after.group(1), verbs) in verbs) \
        or bool(before and before.group(1).lower() in kin)


def content_document(inspection: Inspection) -> tuple[Document, dict[str, Unit]]:
    """The units a person wrote, as a `Document` for detection; block id -> unit."""
    # a table cell's unit is named like redact's ("t0/r1c2/p5"), so the panel's table is found
    units = {(f"{unit.cell}/p{index}" if unit.cell else f"u{index}"): unit
             for index, unit in enumerate(inspection.units) if unit.content}
    blocks = [Block(id=block_id, text=unit.text, location=unit.location, page=unit.page)
              for block_id, unit in units.items()]
    document = Document(path=inspection.path, kind=inspection.kind, blocks=join_blocks(blocks))
    return document, units


def identifiers(inspection: Inspection, detection: Detection, units: dict[str, Unit],
                case: Case, config: CheckConfig, originals: Case | None = None,
                all_pseudonyms_known: bool = False) -> list[Finding]:
    """PII: what detection (re-run on the text) found that the case file does not explain.

    `case` holds what the file may show (the case and/or the manifest's pseudonyms);
    `originals` is the case file itself, if given: evidence for the model's guesses.
    `all_pseudonyms_known`: a manifest, or a case file saved by `redact --update-case`,
    lists the pseudonyms given to people nobody listed; else a name made like one warns.
    """
    evidence = frozenset(word.lower() for person in (originals.people if originals else [])
                         for name in (person.name, *person.aliases) for word in name.split())
    known = bool(case.people or case.keep)
    pseudonym_words = frozenset(
        person.pseudonym.split()[0].lower() for person in case.people
        if person.pseudonym and not is_label(person.pseudonym)
        and not _PLACEHOLDER.match(person.pseudonym))
    allowed = {term.lower() for term in keep_terms(protected_case(case))}
    findings: list[Finding] = []
    texts: list[str] = []  # each finding's words, for `_once_per_name`
    order = {block_id: index for index, block_id in enumerate(units)}
    for entity in sorted(detection.entities, key=lambda e: (order[e.block_id], e.start)):
        label = entity.label
        if entity.source == CASE_FILE_SOURCE or label in config.ignore_labels:
            continue
        text = one_line(entity.text)
        if text.lower().removesuffix("'s") in allowed or _PLACEHOLDER.match(text):
            continue
        unit = units[entity.block_id]
        values: dict[str, Any] = {
            "text": text, "source": entity.source,
            "label": config.pii_labels.get(label, label.replace("_", " ").lower()),
            "where": unit.where_at(entity.start, entity.end),
        }
        why = _uncertain_name(entity, evidence, known, all_pseudonyms_known,
                              config, pseudonym_words) if label == "PERSON" else ""
        if label == "PERSON" and not why and not known \
                and _listed_with_an_organisation(entity, unit, units, order, config):
            why = "a name in a table row with an organisation, as panel members are listed"
        unsure = label == "PERSON" and entity.score < config.pii_warn_below
        service = _service_identifier(label, text, config)
        if why and not unsure:
            code = "PII004"
            values["why"] = why
        elif service:
            code = "PII005"
            values["why"] = service
        elif label in config.warn_labels or unsure or _SHORT_NUMBER.match(text):
            code = "PII003"  # a bare short number ("number 16") identifies no one alone
        else:
            code = "PII001" if label == "PERSON" else "PII002"
        findings.append(config.finding(code, str(inspection.path),
                                       unit.locate(entity.start), **values))
        texts.append(text.lower().removesuffix("'s").removesuffix("\u2019s"))
    return _once_per_name(findings, texts)


def _once_per_name(findings: list[Finding], texts: list[str]) -> list[Finding]:
    """One PII004 warning per distinct words, the first, saying how often they recur (a
    pseudonym warned at each of its nine mentions buries what matters)."""
    counts = Counter((f.code, text) for f, text in zip(findings, texts, strict=True)
                     if f.code == "PII004")
    result, seen = [], set()
    for finding, text in zip(findings, texts, strict=True):
        key = (finding.code, text)
        if finding.code == "PII004" and counts[key] > 1:
            if key in seen:
                continue
            seen.add(key)
            finding = dataclasses.replace(
                finding, message=f"{finding.message} (and {counts[key] - 1} more time"
                f"{'s' if counts[key] > 2 else ''} in this file)")
        result.append(finding)
    return result


def _service_identifier(label: str, text: str, config: CheckConfig) -> str:
    """Why `text` is a service's or organisation's identifier (a helpline, a role mailbox),
    or "" when it may be a person's (an e-mail address holding a common given name)."""
    for pattern, why in config.service_identifiers.get(label, ()):
        if pattern.search(text.strip()):
            local = re.split(r"[^A-Za-z]+", text.split("@")[0]) if "@" in text else []
            if any(part.capitalize() in _given_names() for part in local):
                return ""
            return why
    return ""


def _listed_with_an_organisation(entity: Any, unit: Unit, units: dict[str, Unit],
                                 order: dict[str, int], config: CheckConfig) -> bool:
    """A name that is a whole table cell, next to a cell naming an organisation ("Nadia
    Hussain | Northshire Police"): how a review panel's members are listed."""
    if not unit.table or one_line(unit.text) != one_line(entity.text):
        return False
    cells = list(units.values())
    here = order[entity.block_id]
    for near in cells[max(0, here - 2):here + 3]:
        words = set(re.findall(r"[a-z]+", near.text.lower()))
        if near is not unit and near.table and words & config.organisation_words:
            return True
    return False


def _uncertain_name(entity: Any, originals: frozenset[str], known: bool,
                    all_pseudonyms_known: bool, config: CheckConfig,
                    pseudonym_words: frozenset[str] = frozenset()) -> str:
    """Why an unlisted PERSON finding is not certainly a person's name, or "" when it is.

    Certain: a personal title and a name ("Mr Jones"), or a common given name (not one that
    is also a word) followed by another name ("Sarah Jenkins"). A guess of the language
    model alone is certain only with case-file evidence (a word of a listed person's name),
    or when it is such a full name and a case file or manifest says who may be named.
    Unless every pseudonym is known (`all_pseudonyms_known`), a name made the way `redact`
    makes pseudonyms (wholly from its first-name and surname lists) may be one.
    """
    words = one_line(entity.text).removesuffix("'s").removesuffix("\u2019s").split()
    first = words[0].rstrip(".").lower() if words else ""
    if first in config.professional_titles:
        return "a professional title, as named panel members and professionals are written"
    titled = first in config.certain_titles and len(words) > 1
    if titled and len(words) == 2 and re.fullmatch(r"[A-Z]\.?", words[1]):
        return "a title and one letter, as anonymised reports label people ('Mr T')"
    given = titled or any(word in _given_names() for word in words[:-1])
    model_alone = entity.source == MODEL_SOURCE and not {w.lower() for w in words} & originals
    if model_alone and not (known and given):
        return "a guess of the language model alone, with no case-file evidence"
    if not titled and len(words) < 2:
        return "a single word, as pseudonyms are written"
    if not given:
        return "no common given name or personal title in it"
    named = words[1:] if titled else words
    if named[0].lower() in pseudonym_words and not {w.lower() for w in named} & originals:
        return f"it begins with the pseudonym {named[0]!r}"
    if not all_pseudonyms_known and _pseudonym_style(words[1:] if titled else words):
        return ("made like a generated pseudonym, and neither a manifest nor a case file "
                "saved by 'redact --update-case' lists them")
    return ""


@functools.cache
def _pseudonym_words() -> tuple[frozenset[str], frozenset[str]]:
    lists = pseudonym_lists()
    given = {n.lower() for n in (*lists.female, *lists.male, *lists.neutral)}
    return frozenset(given), frozenset(n.lower() for n in lists.surnames)


def _pseudonym_style(words: list[str]) -> bool:
    """Every word from `redact`'s pseudonym lists: a first name and/or a surname."""
    given, surnames = _pseudonym_words()
    lowered = [w.lower() for w in words]
    return bool(lowered) and lowered[-1] in surnames | given \
        and all(w in given for w in lowered[:-1])


def day_precise_dates(inspection: Inspection, config: CheckConfig) -> list[Finding]:
    """DATE: every date that still carries a day (`redactor.dates`); unsure ones warn."""
    findings = []
    for unit in inspection.units:
        if not unit.content:
            continue
        for match in find_day_precise_dates(unit.text):
            if _CELL_BREAK.search(match.text):
                continue  # "2<tab>March 2019", "2 | March 2019": a row number, then a date
            own = config.document_date_before is not None and \
                config.document_date_before.search(unit.text[max(0, match.start - 40):match.start])
            findings.append(config.finding(  # a document's own date only asks a person
                "DATE002" if match.flagged or own else "DATE001", str(inspection.path),
                unit.locate(match.start), text=one_line(match.text), rule=match.rule,
                where=unit.where_at(match.start, match.end)))
    return findings


# Reasons (gender resolver) that tie a gendered noun to a child by evidence, not elimination:
# apposed to a case-file child, an age beside it, a word that only means a child ("boy"),
# the son or daughter of a named person whose child the case file lists.
_CERTAIN_NOUN = re.compile(r"the same person as |names a child|is a child|: '|: the \w+ of |"
                           r"'s \w+ before")
_ELIMINATION = "the only people it can be in the case file are children"
_NAMED_POSSESSOR = re.compile(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*['\u2019]s\s+$")
# An object pronoun's agreement with everyone of its gender earlier in the sentence counts
# only people still gendered: in redacted text the clause's subject may be a neutralised
# child ("her child"), so the agreement is a guess.
_AGREEMENT = "everyone of that gender before it in the sentence"
# Pronoun answers that rest on salience or nearness, not grammar.
# (without anyone's sex, "its clause is about" may be the other person of the clause: "Kai
# disclosed that Paul hit his mum")
_GUESSES = ("resolved to a child", _AGREEMENT, "the nearest subject", "the previous sentence",
            "its clause is about")
# A pronoun with no antecedent in its paragraph (a judge's remarks about the victim) may be
# anyone of its gender: asked once per paragraph, with how many more there are, not at each.
_NO_ANTECEDENT = "no antecedent"
PRONOUN_MARGIN = 3.0  # a pronoun is surely a child's when the child scores 3x the next one


def _surely_a_child(reference: Any, before: str) -> bool:
    """True when a "child" verdict rests on evidence, not on elimination or a close call.

    Elimination ("the only people it can be in the case file are children") is evidence
    when the kin word is anchored to a named possessor ("Ellie's son"), not to a pronoun
    ("his son": whose?) or to nobody ("the son")."""
    if reference.kind != "pronoun":
        anchored = _ELIMINATION in reference.reason and _NAMED_POSSESSOR.search(before)
        return bool(_CERTAIN_NOUN.search(reference.reason) or anchored)
    token = reference.token
    if reference.reason.startswith(_AGREEMENT) and token is not None \
            and token.dep_ in ("dobj", "pobj", "dative"):
        return False  # "her child was frightened of him": who the neutral noun was is gone
    if not reference.reason.startswith("resolved to a child"):
        return True  # a reflexive or a possessive chain: bound by the grammar
    scores = sorted((float(c.rsplit("=", 1)[1]) for c in reference.candidates
                     if "=" in c), reverse=True)
    return len(scores) == 1 or (len(scores) > 1 and scores[0] >= PRONOUN_MARGIN * scores[1])


def child_genders(inspection: Inspection, document: Document, units: dict[str, Unit],
                  case: Case, config: CheckConfig,
                  parses: Mapping[str, Any] | None = None,
                  genders_known: bool = True) -> list[Finding]:
    """CHILD: gendered words that refer (or may) to a child (`redactor.stages.gender`).

    An error only when the word surely means a child: a noun tied to a child by evidence, a
    pronoun resolved to a child by a clear margin, and then only when the case file or the
    manifest says who the children are. Without a case file (`genders_known` false: the
    manifest gives no one's sex) a pronoun answered by salience or a nearby subject may be
    anyone of either sex ("She noted" of a health visitor), so it is a warning. Anything less
    is a warning saying why."""
    findings = []
    public: dict[str, list[tuple[int, int]]] = {}
    people = {person.id for person in case.people}  # a listed child's answers name them
    unanchored: dict[str, int] = {}  # block -> pronouns with no antecedent there
    first_unanchored: dict[str, int] = {}  # block -> the finding that asks about them
    for reference in child_references(document, known_by_either_name(case), parses=parses):
        unit = units[reference.block_id]
        if reference.block_id not in public:  # "Violence Against Women and Girls" is no child
            public[reference.block_id] = [(s.start, s.end) for s in find_public_spans(unit.text)]
        if any(s <= reference.start and reference.end <= e for s, e in public[reference.block_id]):
            continue
        # A word that surely means a child fails the check; one that may mean a child or an
        # adult asks a person to look (the redaction left it, as `--child-pronouns cautious`).
        # Only a reference that surely resolves to a child is an error (see `_surely_a_child`).
        before = unit.text[:reference.start]
        certain = reference.verdict == "child" and _surely_a_child(reference, before) \
            and (bool(case.people) or reference.kind != "pronoun") and not (
                reference.kind == "pronoun" and not genders_known
                and reference.reason.startswith(_GUESSES)) \
            and not (reference.kind == "pronoun" and reference.antecedent
                     and reference.antecedent not in people)  # a neutral "'child'" of no one
        code = "CHILD001" if certain else "CHILD002"
        if code == "CHILD002" and reference.reason.startswith(_NO_ANTECEDENT):
            unanchored[reference.block_id] = unanchored.get(reference.block_id, 0) + 1
            if unanchored[reference.block_id] > 1:
                continue  # one question per paragraph (see `_NO_ANTECEDENT`)
            first_unanchored[reference.block_id] = len(findings)
        findings.append(config.finding(code, str(inspection.path), unit.locate(reference.start),
                                       text=one_line(reference.text), reason=reference.reason,
                                       where=unit.where_at(reference.start, reference.end)))
    for block_id, index in first_unanchored.items():
        if (more := unanchored[block_id] - 1) > 0:
            findings[index] = dataclasses.replace(
                findings[index], message=f"{findings[index].message} (and {more} more "
                f"pronoun{'s' if more > 1 else ''} with none in this paragraph)")
    return findings

