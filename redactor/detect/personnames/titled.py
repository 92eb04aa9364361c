"""Titled names: "Mrs Jenkins", "DC Patel", "Mr and Mrs Smith"; a surname before a
post-nominal ("Auld LJ", "Jane Smith KC")."""

from __future__ import annotations

from redactor.detect.personnames.tokens import Tokens
from redactor.detect.personnames.vocabulary import _AND, _PEERS, RULE_POSTNOMINAL, RULE_TITLED


class TitledNames(Tokens):
    """The rules anchored on a title or a post-nominal."""

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
        while i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].lower_ in lists.rank_words:
            i -= 1  # "Police Constable", "Chief Constable", "Detective Sergeant": the whole rank
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
