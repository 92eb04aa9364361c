"""Names anchored on a given name: a listed given name with its surname ("Sarah
Jenkins", "SARAH JENKINS", "JENKINS, Sarah"), and a name that is also a word ("Rose",
"Will", "May") taken only in person context."""

from __future__ import annotations

from redactor.detect.personnames.tokens import Tokens
from redactor.detect.personnames.vocabulary import (
    _HYPHENS,
    _POSSESSIVES,
    RULE_CAPS,
    RULE_CONTEXT,
    RULE_GIVEN,
    RULE_UNKNOWN,
)

UNKNOWN_ZIPF = 3.0  # a capitalised word rarer than this in English may be a name no list has


class GivenNames(Tokens):
    """The rules anchored on a given name or a name that is also a word."""

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

    def unknown_word(self, i: int) -> None:
        """A capitalised word that no name list has and English hardly uses ("Lowri",
        "Iwan", "Seun"), taken as a name only in plain person context: a person verb right
        after it ("Lowri told the panel"), a kinship word beside it ("her husband, Iwan"), or
        the subject of a person verb."""
        from wordfreq import zipf_frequency

        doc, tok = self.doc, self.doc[i]
        text = tok.text
        if len(text) < 3 or not text.isalpha() or not text[0].isupper() or text.isupper() \
                or tok.ent_type_ in ("ORG", "FAC", "NORP", "LAW", "DATE") \
                or zipf_frequency(text.lower(), "en") >= UNKNOWN_ZIPF \
                or self.preceded_by_proper_word(i) or self.placed(tok):
            return
        end = self.walk(i, upper=False)
        end = max(end, i + 1)
        if any(zipf_frequency(t.lower_, "en") >= UNKNOWN_ZIPF and t.text not in self.lists.given
               for t in doc[i + 1:end]):
            return  # "Femicide Timelines": a term, not a name
        nxt = doc[end] if end < len(doc) else None
        verb_after = nxt is not None and self.is_person_verb(nxt, end)
        kin = self.after_kinship(i) or self.before_kinship(end)
        if (verb_after or kin or self.syntactic_role(i, end) in ("subject", "kin")) \
                and not self.followed_by_not_name(end):
            self.add(i, end, RULE_UNKNOWN, 0.55)
