"""Person names beyond the model: each name form, with what must and must not be tagged.

Each case gives a sentence, the names that model PERSON entities and `find_person_names`
together must cover (the function does not repeat what the model already has), and words
`find_person_names` itself must not tag (the model's own mistakes are not its business).
"""

from __future__ import annotations

import pytest

from redactor.detect.personnames import NameSpan, find_person_names

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from redactor.detect.nlp import load_nlp

    return load_nlp()


def tagged(nlp, text: str) -> list[str]:
    """Texts covered by model PERSON entities or by `find_person_names`, merged."""
    doc = nlp(text)
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    spans += [(s.start, s.end) for s in find_person_names(doc)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [text[start:end] for start, end in merged]


def covered(found: list[str], name: str) -> bool:
    return any(name in text for text in found)


CASES = [
    # titled names
    ("Mrs Redfearn spoke to DC Okafor on the phone.", ["Redfearn", "DC Okafor"], []),
    ("Mr and Mrs Hollings moved to the area.", ["Mr and Mrs Hollings"], []),
    ("Detective Sergeant Bramwell took a statement.", ["Bramwell"], []),
    ("PC 1234 Bramwell attended the address.", ["PC 1234 Bramwell"], []),
    ("DCI Farooq-Ahmed led the investigation.", ["DCI Farooq-Ahmed"], []),
    ("The Judge adjourned the hearing.", [], ["Judge"]),
    ("The Chief Constable of Northshire Police wrote.", [], ["Northshire", "Police"]),
    # ALL CAPS
    ("SARAH JENKINS\nDate of birth: 1 May 1980", ["SARAH JENKINS"], []),
    ("EXECUTIVE SUMMARY\nThe review panel met.", [], ["EXECUTIVE", "SUMMARY"]),
    ("JENKINS, Sarah | Victim | 34", ["JENKINS, Sarah"], ["Victim"]),
    ("MR HOLLINGS and MRS HOLLINGS attended.", ["MR HOLLINGS", "MRS HOLLINGS"], []),
    ("MS symptoms were first noted in 2019.", [], ["MS symptoms"]),
    ("Officer: PC Sarah JENKINS attended.", ["PC Sarah JENKINS"], []),
    ("The report, Sarah said, was late. He joined the IRA in 1990.", ["Sarah"], ["IRA"]),
    # initials
    ("The review was chaired by J. Okonjo.", ["J. Okonjo"], []),
    # one dotted letter as a subject, object or apposition; not a label after a noun
    ("When M. gave evidence, the judge directed the jury.", ["M."], []),
    ("The mother failed to bring M. for a visit.", ["M."], []),
    ("He was given vitamin D. He recovered.", [], ["D."]),
    ("The court noted that they paid K for the property.", ["K"], []),
    ("On the fourth day, while K was being cross-examined, she left.", ["K"], []),
    ("The panel preferred Option C to the others.", [], ["C"]),
    ("He said that vitamin D was prescribed to him.", [], ["D"]),
    ("She filled in Part B. of the form.", [], ["B."]),
    # a capitalised relation word with a letter is an anonymised label; lower case, a name
    ("Adult B | Perpetrator | 45 | White British", [], ["Adult B", "B"]),
    ("Child C was aged 4 at the time.", [], ["Child C", "C"]),
    ("Her daughter K said that she was scared.", ["K"], []),
    # a name that is also a word, not when it is part of an ethnicity
    ("Adult A | Victim | 42 | White British", [], ["White", "White British"]),
    ("White told the officer that he had left.", ["White"], []),
    # a calendar word after a title is a name; alone it is a date
    ("The applicant, Mr January Kowalski, complained.", ["Mr January Kowalski"], []),
    ("The hearing was in May. The applicant complained.", [], ["May"]),
    ("W.K. told the officer she was afraid.", ["W.K."], []),
    ("D M said that she had left the house.", ["D M"], []),
    ("He moved to the U.K. in 2001.", [], ["U.K."]),
    ("On 5 January 1998 W.K. lodged a petition.", ["W.K."], []),
    ("See Article 5 B of the Act.", [], ["B"]),
    ("The judge disregarded K's evidence because K claimed to be unwell.", ["K"], []),
    ("The court heard the sixteen-year-old M., who stated her wishes.", ["M."], []),
    ("Hepatitis C was diagnosed. Option B said nothing. Vitamin D helps.", [], ["C", "B", "D"]),
    ("B. Criminal proceedings\nThe applicant was charged.", [], ["Criminal"]),
    # hyphens, apostrophes, particles
    ("Ms Smith-Okafor and Mr O'Donovan attended.", ["Smith-Okafor", "O'Donovan"], []),
    ("Mr van der Berg and Mrs de Souza were neighbours.", ["van der Berg", "de Souza"], []),
    # possessives
    ("Mr Hollings's car was parked outside.", ["Mr Hollings"], ["Hollings's"]),
    # names that are also words
    ("The officer said Rose told her about the threats.", ["Rose"], []),
    ("Grace's father called the police.", ["Grace"], []),
    ("Her mother, June, and her sister Grace met the Chair.", ["June", "Grace"], []),
    ("Will, Sarah's son, was 14 at the time.", ["Will"], []),
    ("Carol from the refuge spoke to her on 12 April.", ["Carol"], ["April"]),
    ("D M (the neighbour) said she heard shouting.", ["D M"], []),
    ("Summer holidays were difficult. Mark the date in the calendar.", [], ["Summer", "Mark"]),
    ("April was a critical month for the family.", [], ["April"]),
    ("Nobody spoke to Will on his own.", ["Will"], []),
    ("Will was aged 10. Rose was a White British woman.", ["Will", "Rose"], []),
    ("Members had no involvement with Rose, Daniel or the children.", ["Rose", "Daniel"], []),
    ("Author: Judith Langley, Independent Chair", ["Judith Langley"], ["Independent Chair"]),
    ("During Summer Term she left. Summer said she was scared.", ["Summer"], ["Term"]),
    ("Will you attend the meeting?", [], ["Will"]),
    ("In May 2019 the couple separated.", [], ["May"]),
    ("Hope was expressed that the plan would work.", [], ["Hope"]),
    # post-nominals
    ("The appeal was rejected. Auld LJ relied on the judgment.", ["Auld LJ"], []),
    ("Leading counsel was Ms Okafor KC.", ["Okafor"], ["Leading"]),
    # a surname from a sure name, met again alone
    ("Mr Kent was arrested. Kent County Council was told.", ["Mr Kent"], ["Kent County"]),
    # names in a list with people
    ("The court ordered that Aydin Korkmaz, Sinan Dere, Erdem Yavuz and Baris Kaan be held.",
     ["Sinan Dere"], []),
    ("Present: Mr Okafor, Delegate, Ms Brennan, Adviser, and Mr Hale, Counsel.",
     ["Mr Okafor", "Ms Brennan", "Mr Hale"], ["Delegate", "Adviser", "Counsel"]),
    ("Sarah Jenkins, Northshire Police and Women's Aid attended.", ["Sarah Jenkins"],
     ["Northshire", "Women"]),
    ("Darren Hollings visited Leicester, Derby and Nottingham.", [], ["Leicester", "Derby"]),
    # listed given names, and places that look like them
    ("Sophie later moved in with Kasia.", ["Sophie", "Kasia"], []),
    ("The family lived on Victoria Road near St Mary's Hospital.", [], ["Victoria", "Mary"]),
    ("Grace Court and Hope House offer refuge; Rose Lane closed.", [], ["Grace", "Hope", "Rose"]),
    ("The Sarah Jenkins Trust funded the Criminal Justice Act review.", [], ["Sarah", "Justice"]),
    ("A complaint was made by the Trent health authority.", [], ["Trent"]),
    ("She moved to Stoke-on-Trent with the IRA informant.", [], ["Trent", "IRA"]),
    ("Northshire Police and Women's Aid attended in March 2020.", [], ["Northshire", "March"]),
    ("The Lord Chancellor and the Sergeant Major were named.", [], ["Chancellor", "Major"]),
]


@pytest.mark.parametrize(("text", "names", "not_names"), CASES)
def test_names_are_found_and_non_names_are_not(
    nlp, text: str, names: list[str], not_names: list[str]
) -> None:
    found = tagged(nlp, text)
    for name in names:
        assert covered(found, name), (name, found)
    doc = nlp(text)
    ours = [text[s.start:s.end] for s in find_person_names(doc)]
    for word in not_names:
        assert not covered(ours, word), (word, ours)


def test_spans_carry_versioned_rules_and_scores(nlp) -> None:
    doc = nlp("The report was sent to Mrs Redfearn and to W.K. by post.")
    spans = find_person_names(doc)
    assert all(isinstance(s, NameSpan) for s in spans)
    assert all(s.rule.startswith("name.") and s.rule.endswith(".v1") for s in spans)
    assert all(0 < s.score <= 1 for s in spans)
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_spans_do_not_overlap_and_skip_possessive(nlp) -> None:
    doc = nlp("Mr Hollings's car and Mrs Hollings's bag")
    spans = find_person_names(doc)
    texts = [doc.text[s.start:s.end] for s in spans]
    assert all(not t.endswith(("'s", "\u2019s")) for t in texts)
    ends = [(s.start, s.end) for s in spans]
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:], strict=False))


def test_anchor_tables_are_built_once_per_vocabulary(nlp) -> None:
    from redactor.detect.personnames.anchors import _anchor_table

    assert _anchor_table(nlp.vocab) is _anchor_table(nlp.vocab)


def test_anchors_are_what_the_spacy_matcher_finds(nlp) -> None:
    """`find_anchors` reads token texts as an array; spaCy's Matcher with the same patterns
    is the reference, on the corpus drafts and initials of every shape."""
    from redactor.detect.personnames import anchor_matcher, find_anchors
    from redactor.io import read_document
    from redactor.options import RunOptions
    from tests.conftest import CORPUS

    texts = ["J. K. Rowling met Mr A B Smith; K said W.K. and J.-P. Sartre told DR. WHO, "
             "Sgt. Pepper, Sarah and SARAH, Rose QC and Mrs. i.e. A. B. C. D and I."]
    for draft in ("northshire/overview.docx", "eastvale/summary.md", "westmere/draft.txt"):
        document = read_document(CORPUS / draft, RunOptions(accept_changes=True))
        texts += [block.text for block in document.blocks]
    matcher = anchor_matcher(nlp.vocab)
    docs = list(nlp.pipe(texts))
    assert [find_anchors(doc) for doc in docs] == [matcher(doc) for doc in docs]
    labels = {nlp.vocab.strings[label] for doc in docs for label, _, _ in find_anchors(doc)}
    assert labels == {"TITLE", "GIVEN", "POSTNOMINAL", "GIVEN_WORD", "INITIALS"}


@pytest.mark.parametrize(
    ("text", "again"),
    [
        ("Mr Hollings was arrested. Later Hollings denied it.", True),
        ("Darren Hollings was arrested. Later Hollings denied it.", True),
        ("Mr Hollings was arrested. Hollings Road was closed.", False),
        ("Mr Hollings was arrested. The Hollings Trust helped.", False),
        ("Darren Hollings was arrested; a call came from Darren's phone. Hollings said so.",
         True),
    ],
)
def test_a_surname_met_again_alone_is_a_name(nlp, text: str, again: bool) -> None:
    second = text.rindex("Hollings")
    doc = nlp(text)
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    spans += [(s.start, s.end) for s in find_person_names(doc)]
    assert any(start <= second < end for start, end in spans) == again


@pytest.mark.parametrize(
    ("text", "entity", "unlikely"),
    [
        ("Darren Hollings was arrested.", "Darren Hollings", False),
        ("Mrs O'Connor rang 999.", "Mrs O'Connor", False),
        ("The court fined W.K. for it.", "W.K.", False),
        ("Mr J. Wadham Adviser attended.", "J. Wadham Adviser", False),
        ("JENKINS\nVictim", "JENKINS", False),
        ("The case went to MARAC in May.", "MARAC", True),
        ("The Victim was not consulted.", "Victim", True),
        ("The Legal Adviser wrote.", "Legal Adviser", True),
        ("See Articles 44 and 45.", "Articles 44", True),
        ("He was held at Gartree Prison.", "Gartree Prison", True),
        ("the court said nieuzasadnionej zwłoki in Polish.", "nieuzasadnionej zwłoki", True),
    ],
)
def test_unlikely_person_entities(nlp, text: str, entity: str, unlikely: bool) -> None:
    from redactor.detect.personnames import unlikely_person

    doc = nlp(text)
    start = text.index(entity)
    span = doc.char_span(start, start + len(entity), label="PERSON")
    assert unlikely_person(span) is unlikely


def test_a_given_name_that_is_a_word_is_not_repeated_at_sentence_start(nlp) -> None:
    text = "Will Hartley was the neighbour. Will the panel agree? Staff said Will was kind."
    doc = nlp(text)
    ours = {s.start for s in find_person_names(doc)}
    ents = {e.start_char for e in doc.ents if e.label_ == "PERSON"}
    assert text.index("Will the") not in ours | ents


@pytest.mark.parametrize(("word", "given"), [
    ("Nana", False),  # a relation word used as a name ("visit Nana"): not a given name
    ("Sarah", True),
    ("Nadia", True),
])
def test_relation_words_are_not_given_names(word: str, given: bool) -> None:
    from redactor.detect.personnames import name_lists

    assert (word in name_lists().given) is given


@pytest.mark.parametrize(("text", "names"), [
    ("Will said that he did not want to visit Nana any more.", ["Will"]),
    ("Will said that he did not want to visit Nadia any more.", ["Will", "Nadia"]),
])
def test_a_relation_word_is_not_tagged_as_a_name(nlp, text: str, names: list[str]) -> None:
    found = [text[s.start:s.end] for s in find_person_names(nlp(text))]
    doc = nlp(text)
    found += [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert sorted(set(found)) == sorted(names)
