"""Person names the statistical NER misses or cuts short, found with rules over a parsed Doc.

`find_person_names(doc)` proposes character spans for names in forms the small spaCy model
handles badly: titled names ("Mrs Jenkins", "DC Patel", "Mr and Mrs Smith"), ALL CAPS names
("SARAH JENKINS"), initials ("J. Smith", "W.K.", "D M said"), hyphenated, apostrophe and
particle names ("Smith-Jones", "O'Neill", "van der Berg"), names that are also words in
person context ("Rose told", "said Will", "Grace's"), model PERSON entities that stopped
short ("Sarah" + "-Jones", "Rustem" + "Bayar"), a surname from a sure name met again alone
("Mr Findlay" ... "Findlay said"), and name-shaped items of a list that holds people
("Aydin Korkmaz, Sinan Dere and Erdem Yavuz"). A possessive "'s" is never part of a span.

`unlikely_person(ent)` says when a model PERSON entity is unlikely to be a name ("Law",
"Legal Adviser", "MARAC", "Articles 44"), for a caller that wants to drop or relabel it.

Every span carries a versioned rule id and a score. Spans include a leading title ("Mrs
Jenkins"), like the case file's `title_last` form. Spans exactly equal to, or inside, a model
PERSON entity are not returned: the caller already has those. Word lists live under
`patterns/person_names/` (see its README); matchers are built once per vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from redactor.case.forms import name_words, titles
from redactor.paths import read_word_list

RULE_TITLED = "name.titled.v1"
RULE_CAPS = "name.caps.v1"
RULE_GIVEN = "name.given.v1"
RULE_CONTEXT = "name.context.v1"
RULE_INITIALS = "name.initials.v1"
RULE_EXTEND = "name.extend.v1"
RULE_POSTNOMINAL = "name.postnominal.v1"
RULE_REPEAT = "name.repeat.v1"
RULE_LIST = "name.list.v1"

MAX_NAME_PARTS = 5
_POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
_AND = frozenset({"and", "&"})
_LIST_SEPARATORS = frozenset({",", "and", "&", "or"})
_ARTICLES = frozenset({"the", "a", "an"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_PEERS = frozenset({"Lord", "Lady", "Baroness", "Baron"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "from", "near", "into", "towards", "across",
                                 "around", "outside", "within", "via", "of"})
_SAINT = frozenset({"st", "st.", "saint"})
_INITIALS = re.compile(r"^(?:[^\W\d_]\.-?){1,3}[^\W\d_]?\.?$")  # J. / W.K. / W.K / J.-P.
_APOSTROPHE_NAME = re.compile(r"^[^\W\d_]+(?:['\u2019\u2010\u2011][^\W\d_]+)*$")


@dataclass(frozen=True)
class NameSpan:
    """A proposed person name: `doc.text[start:end]`, the rule that found it and a score."""

    start: int
    end: int
    rule: str
    score: float


@dataclass(frozen=True)
class NameLists:
    """The word lists the rules read (all lower case except `given`, `given_words`, `titles`)."""

    titles: frozenset[str]
    given: frozenset[str]
    given_words: frozenset[str]
    particles: frozenset[str]
    person_verbs: frozenset[str]
    kinship: frozenset[str]
    not_name_words: frozenset[str]
    role_words: frozenset[str]
    not_initials: frozenset[str]
    calendar: frozenset[str]
    date_prepositions: frozenset[str]
    rank_words: frozenset[str]
    postnominals: frozenset[str]


def _lower_list(name: str) -> frozenset[str]:
    return frozenset(word.lower() for word in read_word_list(f"person_names/{name}"))


@cache
def name_lists() -> NameLists:
    """Read the word lists under `patterns/person_names/` once per process."""
    given_words = {w.capitalize() for w in read_word_list("person_names/given_names_words.txt")}
    given_words |= {w.capitalize() for w in name_words()}
    kinship = _lower_list("kinship.txt")
    # a relation word is no given name on its own ("visit Nana", "Grandma's house")
    given = frozenset(name for name in read_word_list("person_names/given_names.txt")
                      if name.lower() not in kinship) - given_words
    return NameLists(
        titles=frozenset(titles()),
        given=given,
        given_words=frozenset(given_words),
        particles=_lower_list("particles.txt"),
        person_verbs=_lower_list("person_verbs.txt"),
        kinship=kinship,
        not_name_words=_lower_list("not_name_words.txt"),
        role_words=_lower_list("role_words.txt"),
        not_initials=_lower_list("not_initials.txt"),
        calendar=_lower_list("calendar_words.txt"),
        date_prepositions=_lower_list("date_prepositions.txt"),
        rank_words=_lower_list("rank_words.txt"),
        postnominals=frozenset(read_word_list("person_names/postnominals.txt")),
    )


# Where every rule starts: a title, a given name, a post-nominal, a name that is also a word
# (the word anchors, `anchor_forms`), or initials ("J.", "W.K.", "J.-P.", "A B", a lone "K").
_ONE_LETTER = re.compile(r"^[A-Z]$")
_PERSON_LETTER = re.compile(r"^[B-HJ-Z]$")  # "K said": a letter standing for a person
_LONGEST_INITIALS = 11  # the most `_INITIALS` can match: "J.-P.-M.X."


@cache
def anchor_forms() -> dict[str, frozenset[str]]:
    """The exact token texts each word anchor starts from."""
    lists = name_lists()
    title_forms = set()
    for title in lists.titles:
        for form in (title, title.upper()):
            title_forms |= {form, form + "."}
    return {
        "TITLE": frozenset(title_forms),
        "GIVEN": frozenset(lists.given | {name.upper() for name in lists.given}),
        "POSTNOMINAL": lists.postnominals,
        "GIVEN_WORD": lists.given_words,
    }


def anchor_matcher(vocab: Vocab) -> Matcher:
    """The anchors as a spaCy Matcher: the reference `find_anchors` gives the same as."""
    matcher = Matcher(vocab)
    for label, forms in anchor_forms().items():
        matcher.add(label, [[{"ORTH": {"IN": sorted(forms)}}]])
    matcher.add("INITIALS", [
        [{"TEXT": {"REGEX": _INITIALS.pattern}}],
        [{"TEXT": {"REGEX": _ONE_LETTER.pattern}}, {"TEXT": {"REGEX": _ONE_LETTER.pattern}}],
        [{"TEXT": {"REGEX": _PERSON_LETTER.pattern}}],
    ])
    return matcher


@cache
def _anchor_table(vocab: Vocab) -> tuple[dict[int, list[int]], int]:
    """Token text hash -> the label hashes of its word anchors (in `anchor_forms` order),
    and the hash of "INITIALS"."""
    table: dict[int, list[int]] = {}
    for label, forms in anchor_forms().items():
        label_hash = vocab.strings.add(label)
        for form in forms:
            table.setdefault(vocab.strings.add(form), []).append(label_hash)
    return table, vocab.strings.add("INITIALS")


def find_anchors(doc: Doc) -> list[tuple[int, int, int]]:
    """(label hash, start, end) of every anchor in `doc`, as `anchor_matcher` finds them,
    from one array of token texts instead of the general Matcher."""
    table, initials = _anchor_table(doc.vocab)
    strings = doc.vocab.strings
    found: list[tuple[int, int, int]] = []
    rows = doc.to_array(["ORTH", "LENGTH"]).tolist()
    for i, (orth, length) in enumerate(rows):
        found += [(label, i, i + 1) for label in table.get(orth, ())]
        if length > _LONGEST_INITIALS:
            continue
        text = strings[orth]
        if _INITIALS.search(text) or _PERSON_LETTER.search(text):
            found.append((initials, i, i + 1))
        if (_ONE_LETTER.search(text) and i + 1 < len(rows) and rows[i + 1][1] == 1
                and _ONE_LETTER.search(strings[rows[i + 1][0]])):
            found.append((initials, i, i + 2))
    return sorted(dict.fromkeys(found), key=lambda match: (match[1], match[2]))


def find_person_names(doc: Doc) -> list[NameSpan]:
    """Person-name spans in `doc` beyond its PERSON entities, non-overlapping, in text order."""
    finder = _Finder(doc, name_lists())
    return finder.run(find_anchors(doc))


class _Finder:
    """The rules, applied to one Doc."""

    def __init__(self, doc: Doc, lists: NameLists) -> None:
        self.doc = doc
        self.lists = lists
        self.found: list[tuple[int, int, str, float]] = []  # token start, end, rule, score

    @cached_property
    def persons(self) -> list[Span]:
        """The model's PERSON entities."""
        return [e for e in self.doc.ents if e.label_ == "PERSON"]

    @cached_property
    def in_person(self) -> set[int]:
        """Indexes of tokens inside a model PERSON entity."""
        return {k for ent in self.persons for k in range(ent.start, ent.end)}

    # -- token classes ---------------------------------------------------------------------

    def is_title(self, tok: Token) -> bool:
        """A title as listed ("Mr", "DC", "Mr.") or in capitals ("MRS", "MR")."""
        bare = tok.text.rstrip(".")
        return bare in self.lists.titles or (
            bare.isupper() and bare.capitalize() in self.lists.titles)

    def is_strong_title(self, tok: Token) -> bool:
        """Abbreviated titles (Mr, Dr, DC) always precede a name; word titles may not."""
        bare = tok.text.rstrip(".")
        return len(bare) <= 4 or bare.isupper()

    def is_cap_word(self, tok: Token, *, titled: bool = False) -> bool:
        """A capitalised word that can be part of a name. After a title ("Mr Ward", "Mrs
        Hall", "Mr January Jagiello") place and calendar words are names; role words ("Lord
        Chancellor") never are."""
        text = tok.text
        lower = text.lower()
        return (len(text) >= 2 and text[0].isupper() and any(c.islower() for c in text)
                and bool(_APOSTROPHE_NAME.match(text)) and not tok.is_stop
                and (titled or lower not in self.lists.not_name_words)
                and lower not in self.lists.role_words
                and (titled or lower not in self.lists.calendar))

    def is_upper_word(self, tok: Token, *, titled: bool = False) -> bool:
        text = tok.text
        lower = text.lower()
        return (len(text) >= 2 and text.isupper() and bool(_APOSTROPHE_NAME.match(text))
                and not tok.is_stop and (titled or lower not in self.lists.not_name_words)
                and lower not in self.lists.role_words and lower not in self.lists.calendar)

    def is_initial(self, tok: Token) -> bool:
        text = tok.text
        if len(text) == 1:
            return text.isupper() and text.isalpha() and text != "I"
        return bool(_INITIALS.match(text)) and text.replace("-", "").replace(".", "").isupper()

    def is_sentence_start(self, i: int) -> bool:
        if i == 0 or self.doc[i].is_sent_start:
            return True
        prev = self.doc[i - 1]
        return "\n" in prev.text or prev.text in {'"', "\u201c", "(", "-", "\u2013", ":", "\u2022"}

    def prev_token(self, i: int) -> Token | None:
        """The token before `i`, skipping spaces without a line break."""
        j = i - 1
        while j >= 0 and self.doc[j].is_space and "\n" not in self.doc[j].text:
            j -= 1
        return self.doc[j] if j >= 0 else None

    # -- the walker --------------------------------------------------------------------------

    def walk(self, i: int, *, upper: bool, titled: bool = False) -> int:
        """End (exclusive) of the name parts starting at token `i`; `i` when there are none.

        Parts: capitalised words (or ALL CAPS words in `upper` mode), initials, particles
        followed by a part, and hyphen joins without spaces ("Smith-Jones"). With `titled`,
        the first part may be a place word ("Mr Ward").
        """
        doc, end, parts = self.doc, i, 0
        j = i
        while j < len(doc) and parts < MAX_NAME_PARTS:
            tok = doc[j]
            if self.is_title(tok):
                break
            first = titled and parts == 0
            word = self.is_upper_word(tok, titled=first) if upper else (
                self.is_cap_word(tok, titled=first)
                or self.is_upper_word(tok) and parts > 0 and self.upper_surname_allowed(i, j))
            if word or self.is_initial(tok):
                parts += 1
                end = j + 1
                if tok.whitespace_ == "" and j + 2 < len(doc) and doc[j + 1].text in _HYPHENS \
                        and doc[j + 1].whitespace_ == "" and (
                            self.is_upper_word(doc[j + 2]) if upper
                            else self.is_cap_word(doc[j + 2])):
                    j += 2
                    continue
                j += 1
                if not tok.whitespace_ and j < len(doc) and doc[j].text not in _HYPHENS:
                    break  # "Smith/Jones", "Smith's": the name ends here
                continue
            if tok.is_space and "\n" not in tok.text and end > i:
                j += 1
                continue
            if parts and tok.text.lower() in self.lists.particles and tok.text.islower():
                k = j
                while k < len(doc) and doc[k].text.lower() in self.lists.particles:
                    k += 1
                if k < len(doc) and (self.is_cap_word(doc[k]) or self.is_upper_word(doc[k])):
                    j = k
                    continue
            break
        return end

    def upper_surname_allowed(self, i: int, j: int) -> bool:
        """An ALL CAPS surname may follow initials or a listed given name ("J. CROW",
        "Sarah JENKINS"), as police and court records write them."""
        lists = self.lists
        return all(self.is_initial(t) or t.text in lists.given or t.text in lists.given_words
                   for t in self.doc[i:j] if not t.is_space)

    def followed_by_not_name(self, end: int) -> bool:
        """True when the token after a candidate shows it names a place or organisation."""
        if end >= len(self.doc):
            return False
        tok = self.doc[end]
        return tok.text[:1].isupper() and tok.text.lower().rstrip(".") in self.lists.not_name_words

    def add(self, start: int, end: int, rule: str, score: float) -> None:
        if end > start:
            self.found.append((start, end, rule, score))

    # -- rules ------------------------------------------------------------------------------

    def titled(self, i: int) -> None:
        """Mr/Mrs/Dr/DC… + names; "Mr and Mrs Smith" is one span."""
        doc, lists = self.doc, self.lists
        if not self.is_title(doc[i]) or (i > 0 and self.is_title(doc[i - 1])):
            return
        strong = self.is_strong_title(doc[i])
        prev = self.prev_token(i)
        if not strong and prev is not None and not self.is_sentence_start(i) \
                and prev.text[:1].isupper() and prev.lower_ not in self.lists.rank_words:
            return  # "Criminal Justice Act", "High Court Judge": part of another proper noun
        j = i + 1
        while j < len(doc) and (self.is_title(doc[j]) or doc[j].text.lower() in lists.rank_words
                                or (doc[j].text == "." and not doc[j - 1].whitespace_)):
            strong = strong or self.is_strong_title(doc[j])
            j += 1
        while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
            j += 1
        if j + 1 < len(doc) and doc[j].text.isdigit() and doc[j - 1].text.isupper():
            j += 1  # a police collar number: "PC 1234 Smith"
        if j >= len(doc) or doc[j].text in _AND:
            return
        upper = self.is_upper_word(doc[j], titled=True)
        bare = doc[i].text.rstrip(".")
        if bare not in lists.titles and not upper:
            return  # "MR" or "MS" before a capitalised word is an abbreviation, not a title
        end = self.walk(j, upper=upper, titled=True)
        if end == j:
            return
        if not strong and not (doc[j].tag_ in ("NNP", "NNPS") or self.is_initial(doc[j])):
            return
        if doc[i].text in _PEERS and end + 1 < len(doc) and doc[end].text == "of" \
                and self.is_cap_word(doc[end + 1]):
            end = self.walk(end + 1, upper=False)  # "Lord Rodger of Earlsferry"
        if i >= 2 and doc[i - 1].text in _AND and self.is_title(doc[i - 2]):
            i -= 2  # "Mr and Mrs Smith": both people, one surname
        self.add(i, end, RULE_TITLED, 0.9 if strong else 0.75)

    def postnominal(self, i: int) -> None:
        """Surname + LJ/QC/KC ("Auld LJ", "Jane Smith KC")."""
        doc = self.doc
        start = i
        while start > 0 and start > i - 3 and self.is_cap_word(doc[start - 1]) \
                and doc[start - 1].tag_ in ("NNP", "NNPS", "NN"):
            start -= 1
        if start < i:
            self.add(start, i + 1, RULE_POSTNOMINAL, 0.75)

    def given(self, i: int) -> None:
        """A listed given name, capitalised or ALL CAPS, with any surname after it."""
        doc = self.doc
        tok = doc[i]
        upper = tok.text.isupper()
        if self.preceded_by_proper_word(i):
            return
        if self.placed(tok):
            return
        if i > 0 and doc[i - 1].text in _HYPHENS and not doc[i - 1].whitespace_:
            return  # "Stoke-on-Trent"
        end = self.walk(i, upper=upper)
        if end == i or self.followed_by_not_name(end):
            return
        if upper:
            if end - i == 1 and not (self.alone_on_line(i) or self.person_cue_after(end)):
                return  # "the IRA": a lone capitalised word in running text is an acronym
            self.add(i, end, RULE_CAPS, 0.75 if end - i > 1 else 0.6)
        elif self.surname_first(i) is not None:
            self.add(i - 2, end, RULE_CAPS, 0.75)  # "JENKINS, Sarah"
        else:
            self.add(i, end, RULE_GIVEN, 0.75 if end - i > 1 else 0.6)

    def surname_first(self, i: int) -> int | None:
        """Start of an ALL CAPS surname written first ("JENKINS, Sarah") at the start of a
        line or cell, or None."""
        doc = self.doc
        if i < 2 or doc[i - 1].text != "," or not self.is_upper_word(doc[i - 2]):
            return None
        k = i - 2
        if k == 0 or "\n" in doc[k - 1].text or doc[k - 1].text in {"|", ":", "\t"} \
                or "\n" in doc[k - 1].whitespace_ or "\t" in doc[k - 1].whitespace_:
            return k
        return None

    def alone_on_line(self, i: int) -> bool:
        """True when token `i` is a line of its own (a heading or a table cell)."""
        doc = self.doc
        before = i == 0 or "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_
        after = i + 1 >= len(doc) or "\n" in doc[i + 1].text or doc[i + 1].is_punct
        return before and after

    def person_cue_after(self, end: int) -> bool:
        """A person verb, a possessive or "who" right after a candidate ending at `end`."""
        doc = self.doc
        if end >= len(doc):
            return False
        nxt = doc[end]
        if nxt.text == "," and end + 1 < len(doc):
            return doc[end + 1].lower_ == "who"
        return self.is_person_verb(nxt, end) or nxt.lower_ == "who" \
            or (nxt.text in _POSSESSIVES and nxt.tag_ == "POS")

    def placed(self, tok: Token) -> bool:
        """True when the model reads `tok` as a place, nationality or date, and the context
        agrees: a longer entity ("Florence Park"), or a single word after "in", "to", "from"."""
        if tok.ent_type_ not in ("GPE", "LOC", "FAC", "NORP", "DATE", "ORG"):
            return False
        if self.person_cue_after(tok.i + 1):
            return False  # "from Stephen's mobile", "Stephen answered"
        ent = self.entity_of(tok)
        if tok.ent_type_ in ("NORP", "DATE"):
            return True
        if len(ent) > 1:
            # an "organisation" made only of name words ("Anne-Marie Andersson") is a
            # person the model misread; "Sophie Ryder Foundation" is not
            return tok.ent_type_ != "ORG" or not all(
                self.is_cap_word(t) or self.is_initial(t) or t.text in _HYPHENS
                or t.text in _LIST_SEPARATORS or t.lower_ in self.lists.given_words
                for t in ent)
        prev = self.prev_token(tok.i)
        return prev is not None and prev.lower_ in _PLACE_PREPOSITIONS

    def preceded_by_proper_word(self, i: int) -> bool:
        """True when `i` continues another proper noun ("Victoria Sarah Ltd", "St Mary") or
        follows an article ("the Trent RHA", "a Florida property"): not a person's name."""
        prev = self.prev_token(i)
        if prev is None or self.is_sentence_start(i):
            return False
        if prev.lower_ in _SAINT or prev.lower_ in _ARTICLES:
            return True
        if self.is_title(prev) or prev.lower_ in self.lists.rank_words \
                or prev.lower_ in self.lists.kinship:
            return False  # "DC Sarah Jenkins", "Chief Inspector", "Uncle Steve"
        return prev.text[:1].isupper() and prev.is_alpha and not prev.is_sent_start

    def context(self, i: int) -> None:
        """A name that is also a word ("Rose", "Will", "May"), taken only in person context."""
        doc, lists = self.doc, self.lists
        tok = doc[i]
        if self.preceded_by_proper_word(i):
            return
        end = self.walk(i, upper=False)
        if end == i:
            end = i + 1  # the walker refuses stop words and calendar words such as "Will", "May"
        if any(t.ent_type_ == "NORP" for t in doc[i:end]):
            return  # "White British": an ethnicity
        nxt = doc[end] if end < len(doc) else None
        prev = self.prev_token(i)
        calendar = tok.text.lower() in lists.calendar
        verb_after = nxt is not None and self.is_person_verb(nxt, end)
        kin_before = prev is not None and self.after_kinship(i) or self.before_kinship(end)
        role = self.syntactic_role(i, end)
        if calendar:
            if nxt is not None and (nxt.like_num or nxt.text in {",", "/"} and end + 1 < len(doc)
                                    and doc[end + 1].like_num):
                return  # "May 2019", "June, 2020"
            if prev is not None and prev.text.lower() in lists.date_prepositions:
                return
            if not (verb_after or kin_before or role in ("subject", "kin")):
                return
            self.add(i, end, RULE_CONTEXT, 0.6)
            return
        possessive = nxt is not None and nxt.text in _POSSESSIVES and nxt.tag_ == "POS"
        verb_before = (prev is not None and prev.lemma_.lower() in lists.person_verbs
                       and prev.pos_ == "VERB" and not self.is_sentence_start(i))
        coordinated = self.coordinated(i, end)
        if self.is_sentence_start(i):
            cue = verb_after or possessive or kin_before or role in ("subject", "kin") \
                or (end - i > 1 and coordinated)
        else:
            cue = verb_after or possessive or verb_before or kin_before or coordinated \
                or role is not None or end - i > 1
        if cue and not self.followed_by_not_name(end):
            self.add(i, end, RULE_CONTEXT, 0.65)

    def syntactic_role(self, start: int, end: int) -> str | None:
        """How the parse ties a candidate to a person: "subject" of a person verb ("Carol
        from the refuge spoke"), "object" of one ("told Rose"), "kin" in apposition with a
        relation word ("her mother, June,"; "Will, Sarah's son,"); else None."""
        doc, lists = self.doc, self.lists
        heads = [doc[k] for k in range(start, end) if not start <= doc[k].head.i < end]
        if len(heads) != 1:
            return None
        head = heads[0]
        governor = head.head
        if head.dep_ in ("nsubj", "nsubjpass") and governor.lemma_.lower() in lists.person_verbs:
            return "subject"
        if head.dep_ in ("dobj", "dative") and governor.lemma_.lower() in lists.person_verbs:
            return "object"
        if head.dep_ == "pobj" and governor.lower_ in ("to", "with") \
                and governor.head.lemma_.lower() in lists.person_verbs:
            return "object"  # "spoke to Will", "met with Rose"
        if head.dep_ == "appos" and governor.lemma_.lower() in lists.kinship:
            return "kin"
        if head.dep_ == "nsubj" and governor.lemma_ == "be" and any(
                c.dep_ == "attr" and c.lemma_.lower() in lists.kinship for c in governor.children):
            return "kin"  # "Rose was a White British woman"
        if any(c.dep_ == "appos" and c.lemma_.lower() in lists.kinship for c in head.children):
            return "kin"
        return None

    def is_person_verb(self, tok: Token, end: int) -> bool:
        lists, doc = self.lists, self.doc
        if tok.lemma_.lower() in lists.person_verbs and tok.pos_ in ("VERB", "AUX"):
            return True
        if tok.pos_ == "AUX" and end + 1 < len(doc):
            after = doc[end + 1]
            return after.lemma_.lower() in lists.person_verbs and after.pos_ == "VERB"
        return False

    def after_kinship(self, i: int) -> bool:
        """"her daughter Grace", "his partner, Will": a relation word just before `i`."""
        j = i - 1
        while j >= 0 and j >= i - 3 and self.doc[j].text in {",", "(", " "}:
            j -= 1
        return j >= 0 and self.doc[j].lemma_.lower() in self.lists.kinship

    def before_kinship(self, end: int) -> bool:
        """"Will, Sarah's son,", "D M (the neighbour)": a relation word in apposition after."""
        doc = self.doc
        if end >= len(doc) or doc[end].text not in {",", "("}:
            return False
        for k in range(end + 1, min(end + 5, len(doc))):
            tok = doc[k]
            if tok.lemma_.lower() in self.lists.kinship:
                return k + 1 >= len(doc) or doc[k + 1].text in {",", ")", "."}
            if tok.tag_ not in ("DT", "PRP$", "NNP", "POS", "JJ"):
                return False
        return False

    def coordinated(self, i: int, end: int) -> bool:
        """"Will and Sarah", "Sarah and Will": joined by "and" to a PERSON entity."""
        doc = self.doc
        if end + 1 < len(doc) and doc[end].text in _AND and (end + 1) in self.in_person:
            return True
        return i >= 2 and doc[i - 1].text in _AND and (i - 2) in self.in_person

    def initials(self, start: int, end: int) -> None:
        """"J. Smith", "John A. Smith", "W.K.", "D M said"."""
        doc, lists = self.doc, self.lists
        first = doc[start]
        if any(not self.is_initial(doc[k]) for k in range(start, end)):
            return
        prev = self.prev_token(start)
        if prev is not None and self.is_title(prev):
            return  # the titled rule takes it
        if prev is not None and prev.like_num and prev.ent_type_ != "DATE" \
                and sum(c.isalpha() for c in first.text) == 1:
            return  # "Article 5 B" is not a name; "On 5 May 1998 W.K. lodged" is
        if end - start == 1 and len(first.text) == 1 and (
                prev is not None and prev.text[:1].isupper() and prev.is_alpha
                or end < len(doc) and doc[end].text in "-/"):
            return  # "Hepatitis C", "Option B said", "B-road"; "Adult B", "Child C": labels
        bare = "".join(c for c in first.text if c.isalpha())
        # extend left over given names ("John A. Smith")
        left = start
        while left > 0 and self.is_cap_word(doc[left - 1]) and doc[left - 1].tag_ == "NNP" \
                and start - left < 2 and not self.preceded_by_title(left - 1):
            left -= 1
        name_end = self.walk(end, upper=False) if end < len(doc) else end
        has_surname = name_end > end and self.is_cap_word(doc[name_end - 1])
        if has_surname:
            if left == start and len(bare) == 1 and self.is_sentence_start(start) \
                    and not self.person_cue_after(name_end):
                return  # "A. Criminal proceedings": a numbered heading
            if self.followed_by_not_name(name_end):
                return
            self.add(left, name_end, RULE_INITIALS, 0.75)
            return
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.like_num or bare.lower() in lists.not_initials \
                or self.followed_by_not_name(end):
            return
        if end - start == 1 and len(bare) >= 2 and "." in first.text:
            self.add(left, end, RULE_INITIALS, 0.6)  # "W.K.", "D.M."
            return
        # letters without dots ("D M") or a single initial: only in person context
        if self.person_cue_after(end) or self.after_kinship(start) or self.before_kinship(end) \
                or self.syntactic_role(start, end) in ("subject", "kin") \
                or self.letter_as_argument(start, end):
            self.add(left, end, RULE_INITIALS, 0.55)

    def letter_as_argument(self, start: int, end: int) -> bool:
        """"When M. gave evidence", "they paid K for the property", "the complainant (M.)":
        one letter (with or without a dot; not "A" or "I") inside a sentence that the parse
        makes a subject, object or apposition stands for a person."""
        doc = self.doc
        tok = doc[start]
        letter = tok.text.rstrip(".")
        if end - start != 1 or len(letter) != 1 or letter in "AI" or len(tok.text) > 2:
            return False
        if start == 0 or tok.is_sent_start or "\n" in doc[start - 1].text \
                or "\n" in doc[start - 1].whitespace_:
            return False
        prev = self.prev_token(start)
        if prev is not None and prev.tag_.startswith("NN"):
            return False  # a letter labelling a noun: "vitamin D.", "Part B."
        return tok.dep_ in ("nsubj", "nsubjpass", "dobj", "appos")

    def preceded_by_title(self, i: int) -> bool:
        prev = self.prev_token(i)
        return prev is not None and self.is_title(prev)

    def extend(self, ent: Span) -> None:
        """A PERSON entity cut short: "Sarah" + "Jenkins-Smith", "J." + "Smith", "'s" dropped."""
        doc = self.doc
        if unlikely_person(ent):
            return  # "Road" as a PERSON is a model error, not a name to extend
        start, end = ent.start, ent.end
        while end > start and (doc[end - 1].text in _POSSESSIVES or doc[end - 1].is_punct
                               and doc[end - 1].text != "."):
            end -= 1
        if end == start:
            return
        if doc[end - 1].whitespace_ == "" and end + 1 < len(doc) and doc[end].text == "-" \
                and doc[end].whitespace_ == "" and self.is_cap_word(doc[end + 1]):
            end = self.walk(end + 1, upper=False)
        elif end < len(doc) and doc[end].ent_type_ in ("", "PERSON") \
                and self.is_cap_word(doc[end]) and doc[end].tag_ in ("NNP", "NNPS"):
            end = self.walk(end, upper=False)
        if self.followed_by_not_name(end):
            return
        while start > 0 and not self.is_title(doc[start]) and (
                self.is_initial(doc[start - 1]) and len(doc[start - 1].text) > 1
                or doc[start - 1].text in self.lists.particles
                and start - 2 >= 0 and self.is_cap_word(doc[start - 2])):
            start -= 1
        if end - start == 1 and start > 0 and self.is_cap_word(doc[start - 1]) \
                and doc[start - 1].tag_ in ("NNP", "NNPS") and doc[start - 1].ent_type_ == "" \
                and not self.preceded_by_proper_word(start - 1):
            start -= 1  # "Rustem" + "Bayar": a given name the model left out
        if (start, end) != (ent.start, ent.end):
            self.add(start, end, RULE_EXTEND, 0.8)

    # -- putting it together ---------------------------------------------------------------

    def run(self, matches: Iterable[tuple[int, int, int]]) -> list[NameSpan]:
        vocab = self.doc.vocab
        for match_id, start, end in matches:
            key = vocab.strings[match_id]
            if key == "TITLE":
                self.titled(start)
            elif key == "GIVEN":
                self.given(start)
            elif key == "GIVEN_WORD":
                self.context(start)
            elif key == "POSTNOMINAL":
                self.postnominal(start)
            elif key == "INITIALS":
                self.initials(start, end)
        for ent in self.persons:
            self.extend(ent)
        self.repeated()
        self.listed()
        return self.resolve()

    def listed(self) -> None:
        """Names in a list with a person ("Resul Sadak, Nihat Osal and Mehmet Cakar", "Sarah,
        Darren and Kasia"): every name-shaped item of a list that holds a model PERSON or a
        span found here is a person too. Items are joined by commas and "and"."""
        doc = self.doc
        sure: set[int] = {k for s, e, _, _ in self.found for k in range(s, e)}
        sure |= {k for ent in self.persons if not unlikely_person(ent)
                 for k in range(ent.start, ent.end)}
        if not sure:
            return
        i = 0
        while i < len(doc):
            if not (doc[i].text[:1].isupper() or self.is_title(doc[i])):
                i += 1  # an item starts with a title, a capital or an initial
                continue
            items = self.list_items(i)
            if len(items) < 2:
                i += 1
                continue
            people = sum(1 for s, e in items if sure.intersection(range(s, e)))
            if people:
                for s, e in items:
                    if not sure.intersection(range(s, e)) \
                            and self.list_item_is_name(s, e, among_people=people >= 2):
                        self.add(s, e, RULE_LIST, 0.6)
            i = items[-1][1]

    def list_items(self, i: int) -> list[tuple[int, int]]:
        """The name-shaped items of a list starting at token `i` (none or one if no list)."""
        doc, items = self.doc, []
        j = i
        while j < len(doc):
            start = j
            if self.is_title(doc[j]):
                j += 1
                while j < len(doc) and (doc[j].text == "." or self.is_title(doc[j])):
                    j += 1
                end = self.walk(j, upper=False, titled=True)
            else:
                end = self.walk(j, upper=False)
            if end == j:
                break
            items.append((start, end))
            j = end
            separators = 0
            while j < len(doc) and doc[j].text in _LIST_SEPARATORS and separators < 2:
                j += 1
                separators += 1
            if not separators:
                break
        return items

    def list_item_is_name(self, start: int, end: int, *, among_people: bool) -> bool:
        """A list item that is not a place, date or organisation ("London", "Northshire
        Police"), and not a lone word that is not a given name. Among two or more people, a
        two-word "place" is a misread name ("Resul Sadak, Nihat Osal and Mehmet Cakar")."""
        doc = self.doc
        for tok in doc[start:end]:
            misread = among_people and end - start > 1 and tok.ent_type_ in ("GPE", "LOC")
            if tok.ent_type_ in ("GPE", "LOC", "FAC", "NORP", "DATE", "EVENT", "LAW") \
                    and not misread:
                return False
            if tok.ent_type_ == "ORG" and self.placed(tok):
                return False
        lists = self.lists
        words = [t for t in doc[start:end] if not (t.is_space or t.text in _HYPHENS)]
        if len(words) == 1 and not self.is_title(doc[start]):
            # a lone word only when it is a given name ("Sarah, Darren and Kasia")
            if words[0].text not in lists.given | lists.given_words:
                return False
        elif not all(t.tag_ in ("NNP", "NNPS") or self.is_initial(t) or self.is_title(t)
                     or t.lower_ in lists.particles for t in words):
            return False
        if end < len(doc) and (doc[end].lower_ in lists.role_words
                               or self.followed_by_not_name(end)):
            return False  # "Deputy Legal Adviser", "Foreign and Commonwealth Office"
        return not self.preceded_by_proper_word(start)

    def repeated(self) -> None:
        """A surname or given name seen in a sure name ("Mr Findlay", "Anna Findlay") names
        the same person when it comes back alone ("Findlay said", "from Anna's phone"). Sure
        names: titled spans and model PERSON entities of two or more name words. A given name
        that is also a word ("Will") is not taken at the start of a sentence."""
        doc = self.doc
        surnames: set[str] = set()
        firsts: set[str] = set()
        sure = [(s, e) for s, e, rule, _ in self.found if rule in (RULE_TITLED, RULE_INITIALS)]
        sure += [(e.start, e.end) for e in self.persons
                 if len(e) > 1 and all(self.is_cap_word(t) or self.is_initial(t) for t in e)]
        for start, end in sure:
            last = doc[end - 1]
            heading = self.is_initial(doc[start]) and self.is_sentence_start(start)
            if self.is_cap_word(last) and len(last.text) > 2 and not heading:
                surnames.add(last.text)
            first = doc[start]
            if end - start > 1 and not self.is_title(first) and self.is_cap_word(first) \
                    and first.text not in self.lists.not_name_words:
                firsts.add(first.text)
        if not surnames and not firsts:
            return
        covered = {k for s, e, _, _ in self.found for k in range(s, e)} | self.in_person
        for tok in doc:
            if tok.i in covered or tok.text not in surnames and tok.text not in firsts:
                continue
            if tok.text not in surnames and tok.text in self.lists.given_words \
                    and self.is_sentence_start(tok.i) and tok.tag_ not in ("NNP", "NNPS"):
                continue  # "Will Hartley" ... "Will the panel agree?" (a modal verb)
            if tok.ent_type_ not in ("", "PERSON") and len(self.entity_of(tok)) > 1:
                continue  # "Findlay Road Surgery" as a facility
            if self.preceded_by_proper_word(tok.i) or self.followed_by_not_name(tok.i + 1):
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha:
                continue  # part of a longer proper noun we do not know
            self.add(tok.i, tok.i + 1, RULE_REPEAT, 0.6)

    def entity_of(self, tok: Token) -> Span:
        """The entity `tok` is part of (it must be part of one)."""
        start = tok.i
        while self.doc[start].ent_iob_ == "I":
            start -= 1
        end = tok.i + 1
        while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
            end += 1
        return self.doc[start:end]

    def resolve(self) -> list[NameSpan]:
        """Longest first, then best score; drop overlaps and spans inside PERSON entities."""
        doc = self.doc
        chosen: list[tuple[int, int, str, float]] = []
        taken: set[int] = set()
        for start, end, rule, score in sorted(self.found, key=lambda f: (f[0] - f[1], -f[3])):
            if taken.intersection(range(start, end)):
                continue
            if all(k in self.in_person for k in range(start, end)) and any(
                    e.start <= start and end <= e.end for e in self.persons):
                continue
            chosen.append((start, end, rule, score))
            taken.update(range(start, end))
        spans = []
        for start, end, rule, score in sorted(chosen):
            last = doc[end - 1]
            char_end = last.idx + len(last.text)
            spans.append(NameSpan(doc[start].idx, char_end, rule, score))
        return spans


def unlikely_person(ent: Span) -> bool:
    """True when a model PERSON entity is unlikely to be a person's name, so a caller may
    drop it: no capitalised word ("sądowym bez"), a digit ("Articles 44"), a lone relation
    or role word ("Victim", "Registrar"), a role or place word last with no title or given
    name or initials ("Legal Adviser", "Law"), a single initial ("W."), or a short capitals
    acronym in running text ("MARAC"). Such an entity may still name a place or a body
    ("Gartree Prison"): relabel rather than drop it where places matter."""
    finder = _Finder(ent.doc, name_lists())
    lists = finder.lists
    words = [t for t in ent if not t.is_punct and not t.is_space]
    if not words or any(t.like_num or any(c.isdigit() for c in t.text) for t in words):
        return True
    if not any(t.text[:1].isupper() for t in words):
        return True
    if any(finder.is_title(t) or t.text in lists.given or t.text.capitalize() in lists.given
           for t in words):
        return False
    last = words[-1].lower_
    initials = [t for t in words if finder.is_initial(t)]
    if not initials and (last in lists.role_words or last in lists.not_name_words
                         or last in lists.kinship):
        return True
    if len(words) == 1:
        text = words[0].text
        if initials:
            return sum(c.isalpha() for c in text) < 2  # "W." alone; "W.K." is a name
        if text.isupper() and len(text) <= 5 and not finder.alone_on_line(words[0].i):
            return True
        if text.lower() in lists.calendar:
            return True
    return False
