"""The questions every name rule asks of a parsed Doc: token classes (title, capitalised
word, initial), the walker over a name's parts, and the context around a candidate (a
person verb after it, a place preposition before it, its role in the parse)."""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Doc, Span, Token

from redactor.detect.personnames.vocabulary import (
    _AND,
    _APOSTROPHE_NAME,
    _ARTICLES,
    _HYPHENS,
    _INITIALS,
    _LIST_SEPARATORS,
    _PLACE_PREPOSITIONS,
    _POSSESSIVES,
    _SAINT,
    MAX_NAME_PARTS,
    NameLists,
    name_lists,
)


class Tokens:
    """One Doc and the word lists: what the rules (`titled`, `given`, `initials`,
    `derived`) share."""

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

    # -- context ----------------------------------------------------------------------------

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

    def preceded_by_title(self, i: int) -> bool:
        prev = self.prev_token(i)
        return prev is not None and self.is_title(prev)

    def entity_of(self, tok: Token) -> Span:
        """The entity `tok` is part of (it must be part of one)."""
        start = tok.i
        while self.doc[start].ent_iob_ == "I":
            start -= 1
        end = tok.i + 1
        while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
            end += 1
        return self.doc[start:end]


def unlikely_person(ent: Span) -> bool:
    """True when a model PERSON entity is unlikely to be a person's name, so a caller may
    drop it: no capitalised word ("sądowym bez"), a digit ("Articles 44"), a lone relation
    or role word ("Victim", "Registrar"), a role or place word last with no title or given
    name or initials ("Legal Adviser", "Law"), a single initial ("W."), or a short capitals
    acronym in running text ("MARAC"). Such an entity may still name a place or a body
    ("Gartree Prison"): relabel rather than drop it where places matter."""
    finder = Tokens(ent.doc, name_lists())
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
