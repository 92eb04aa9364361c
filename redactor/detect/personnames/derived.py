"""Names found from names already found: a model PERSON cut short ("Sarah" +
"-Jones"), a sure name met again alone ("Mr Findlay" ... "Findlay said"), and the other
name-shaped items of a list that holds a person."""

from __future__ import annotations

from spacy.tokens import Span

from redactor.detect.personnames.tokens import Tokens, unlikely_person
from redactor.detect.personnames.vocabulary import (
    _HYPHENS,
    _LIST_SEPARATORS,
    _POSSESSIVES,
    RULE_APPOSED,
    RULE_EXTEND,
    RULE_INITIALS,
    RULE_LIST,
    RULE_REPEAT,
    RULE_TITLED,
)


class DerivedNames(Tokens):
    """The rules that start from the model's PERSON entities and from spans found here."""

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

    def apposed(self) -> None:
        """A name set off by commas right after a relation or front-line role word: "Her
        father, Emrys, is", "his social worker, Gemma Hughes (Cumbria ...)", "Her GP, Dr
        Anil Mehta,". The apposition says it is a person, whatever the model read it as."""
        doc, lists = self.doc, self.lists
        roles = lists.kinship | lists.apposition_roles
        for i in range(len(doc) - 2):
            if doc[i].lemma_.lower() not in roles and doc[i].lower_ not in roles \
                    or doc[i + 1].text != ",":
                continue
            start = end = i + 2
            if self.is_title(doc[end]):
                end += 1
            while end < len(doc) and end - start < 4 and (
                    self.is_cap_word(doc[end], titled=end > start)
                    or doc[end].text in _HYPHENS and not doc[end].whitespace_):
                end += 1
            if end == start or self.is_title(doc[end - 1]) or end - start > 3 \
                    or doc[end - 1].text in _HYPHENS:
                continue
            if end < len(doc) and doc[end].text not in _APPOSITION_END:
                continue
            if any(t.lower_ in lists.role_words or t.lower_ in lists.kinship
                   for t in doc[start:end]):
                continue
            self.add(start, end, RULE_APPOSED, 0.8)
        for i in range(1, len(doc) - 2):  # "Yusuf, a boy aged 6;", "Ellie, her daughter,"
            if doc[i].text != "," or not self.is_cap_word(doc[i - 1]) \
                    or doc[i - 1].ent_type_ in ("GPE", "LOC", "ORG", "NORP", "DATE"):
                continue
            k = i + 1
            while k < len(doc) and k <= i + 4 and doc[k].tag_ in ("DT", "PRP$", "JJ", "POS",
                                                                  "NNP", "CD"):
                k += 1
            if k >= len(doc) or doc[k].lemma_.lower() not in lists.kinship \
                    or doc[k].lower_ in lists.not_apposed:
                continue
            after = doc[k + 1] if k + 1 < len(doc) else None
            if after is not None and not (after.text in _APPOSITION_END or after.lower_ in (
                    "aged", "of", "who", "then", "now") or after.like_num):
                continue
            start = i - 1
            while start > 0 and self.is_cap_word(doc[start - 1]) and start > i - 3:
                start -= 1
            self.add(start, i, RULE_APPOSED, 0.75)


_APPOSITION_END = {",", "(", ".", ")", ";", ":"}
