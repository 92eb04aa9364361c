"""Initials: "J. Smith", "John A. Smith", "W.K.", "D M said", "When M. gave evidence"."""

from __future__ import annotations

from redactor.detect.personnames.tokens import Tokens
from redactor.detect.personnames.vocabulary import RULE_INITIALS


class Initials(Tokens):
    """The rule anchored on initials."""

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
        if self.cited_initials(start, end):
            return  # "Mullane, F. (2017)": a cited author's initials
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

    def cited_initials(self, start: int, end: int) -> bool:
        """Initials after a surname and a comma and before a year: a reference list's or a
        citation's author ("Mullane, F. (2017)", "Stark, E. 2007")."""
        doc = self.doc
        if start < 2 or doc[start - 1].text != "," or not self.is_cap_word(doc[start - 2]):
            return False
        after = end + 1 if end < len(doc) and doc[end].text == "(" else end
        return after < len(doc) and len(doc[after].text) in (4, 5) \
            and doc[after].text[:4].isdigit() and doc[after].text[:2] in ("19", "20")

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
