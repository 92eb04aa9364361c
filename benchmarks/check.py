"""Can the CSP trust `redactor check`? False alarms on correct documents, seeded leaks caught.

Builds, in a temporary folder, a small set of CORRECTLY redacted DHR documents (written by
hand, not by `redact`: pseudonyms, role labels, month-year dates, children's genders
neutralised, no form), each with its case file:

- an overview report (DOCX) with a title page, header and a footer holding PAGE / NUMPAGES
  fields, numbered chronology paragraphs ("6.2 March 2019: ..."), a chronology table (one
  with row numbers in their own cells), footnotes, a text box, adults' kin words ("her
  daughter's flat" where the daughter is the adult victim, "his son had always had a short
  fuse" of the adult perpetrator), job titles ("Detective Chief Inspector"), ethnicity
  ("White British"), a vehicle ("Ford Transit van"), counts that look like house numbers,
  and case-file surnames that are ordinary words ("White", "Young") used as words;
- an executive summary as a PDF (running header, "Page N of M" footer, a chronology table
  whose row numbers sit in their own column);
- the same summary as a text file.

Every one must give 0 errors, both with the case file and without it (a CSP officer may not
hold it). Then the same documents with one seeded leak each must give the right error code:
a listed name in a footnote (LEAK001), a day-precise date in a table cell (DATE001), a
child's "he" (CHILD001), a document property naming someone (HIDDEN004), the Home Office
data collection form (FORM001), and a name / a day date in the PDF and text versions. Last,
the bundled corpus's drafts (unredacted, with their case files) must all fail.

    python benchmarks/check.py [--no-model] [--show]

Then it redacts each corpus draft end to end and checks the output three ways (with the
case file as given, with the manifest `redact` wrote and no case file, with neither), and
compares `redact`'s self-check verdict with `redactor check --case` (model on, manifest
beside) on the same file.
("case" alone reports the pseudonyms `redact` gave to people the case file does not list:
the case file as `redact --update-case` leaves it, or the manifest, knows them.)
The errors there are what `redact` left or what the check wrongly reports (read them with
--show); they have no target of their own.

A measurement, not a test: prints the tables and exits 0 (tests/test_check_benchmark.py
holds the thresholds: 0 false errors, every seeded leak caught, every corpus draft failing).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the raw-WordprocessingML builder the tests use

from docx_builder import (  # noqa: E402
    DocxParts,
    build_docx,
    commented,
    complex_field,
    footnote_reference,
    p,
    r,
    simple_field,
    table,
    text_box,
)

from redactor.batch import Job, run_batch  # noqa: E402
from redactor.case import Case, load_case  # noqa: E402
from redactor.checks import check_report  # noqa: E402
from redactor.checks.manifest import find_manifest, load_manifest  # noqa: E402
from redactor.detect.engine import Detector  # noqa: E402
from redactor.options import RunOptions  # noqa: E402

CASE_YAML = """\
# Synthetic case file for benchmarks/check.py (no real people).
area: Kingsmere Community Safety Partnership
people:
  - name: Claire Young
    aliases: [Mrs Young, Claire]
    role: victim
    gender: female
    age: 41
    pseudonym: Ellie
  - name: Daniel White
    aliases: [Danny, Mr White]
    role: perpetrator
    gender: male
    age: 44
    pseudonym: Mark
  - name: Joan Young
    role: family          # the victim's mother
    gender: female
    age: 68
    pseudonym: Rose
  - name: Sophie Young
    role: family          # the victim's adult sister
    gender: female
    age: 37
    pseudonym: Kate
  - name: Peter White
    role: family          # the perpetrator's father
    gender: male
    age: 71
    pseudonym: Alan
  - name: Liam White
    role: child           # the couple's son
    gender: male
    age: 9
    pseudonym: Child A
  - name: Priya Shah
    role: professional    # social worker
    gender: female
    pseudonym: the social worker
keep:
  - Dr Helen Morris
  - Kingsmere Police
  - Kingsmere Borough Council
  - Kingsmere Adult Social Care
  - Kingsmere Children's Services
  - Kingsmere Women's Aid
  - NHS Kingsmere Integrated Care Board
redact:
  - Oakfield Primary School
dates: {precision: month, dob_precision: year}
"""

TITLE = [
    "Kingsmere Community Safety Partnership",
    "Domestic Homicide Review",
    "Overview Report",
    "into the death of Ellie, who died in March 2024",
    "Independent Chair and Author: Dr Helen Morris",
    "Report completed: September 2025",
]

# (heading, paragraphs). Paragraph numbers are part of the text, as chairs type them.
SECTIONS: list[tuple[str, list[str]]] = [
    ("1. Introduction", [
        "1.1 This review examines the contact that agencies in Kingsmere had with Ellie, a "
        "41-year-old White British woman, and Mark, a 44-year-old White British man, before "
        "Ellie's death in March 2024. It was commissioned under section 9 of the Domestic "
        "Violence, Crime and Victims Act 2004.",
        "1.2 Ellie lived with Mark and their child, Child A, who was 9 years old. Child A's "
        "grandmother, Rose, lived nearby and saw her daughter most days.",
        "1.3 The panel offers its condolences to Ellie's family. Ellie's mother and sister "
        "met the chair twice and chose the pseudonyms used in this report.",
    ]),
    ("2. Timescales", [
        "2.1 The review began in May 2024 and the panel met 6 times. The period under "
        "review ran from March 2019 to March 2024; drafts were shared in January 2025 and "
        "February 2025.",
        "2.2 Young people's services were not involved with the family.",
    ]),
    ("3. Confidentiality", [
        "3.1 Names have been replaced with pseudonyms. Dates are given as months.",
    ]),
    ("4. Terms of Reference", [
        "4.1 The panel considered what each agency knew of the abuse Ellie experienced.",
    ]),
    ("5. Methodology", [
        "5.1 Agencies provided 8 chronologies and 5 individual management reviews. The "
        "Senior Investigating Officer, a Detective Chief Inspector from Kingsmere Police, "
        "briefed the panel in June 2024.",
    ]),
    ("6. Chronology", [
        "6.1 Early 2019: Ellie and Mark moved to a rented house in Kingsmere.",
        "6.2 March 2019: Rose reported to Kingsmere Police that Mark had damaged her "
        "daughter's flat. Officers attended at 22:15 and recorded 16 previous calls.",
        "6.3 June 2019: Mark's father, Alan, told officers that his son had always had a "
        "short fuse.",
        "6.4 October 2020: the social worker visited; she had planned a follow-up visit but "
        "it did not take place. White goods had been removed from the kitchen.",
        "6.5 August 2021: police stopped Mark driving a white Ford Transit van and found a "
        "knife in the cab.",
        "6.6 Mid-November 2022: Ellie told her GP that Mark controlled the family's money.",
        "6.7 March 2024: Ellie died at home.",
    ]),
    ("7. Analysis", [
        "7.1 Kate said her sister had been afraid of Mark for years. Her mother, Rose, "
        "said she had urged her daughter to leave.",
        "7.2 Child A's school raised no concerns; the child's attendance was good.",
    ]),
    ("8. Conclusions", [
        "8.1 Agencies did not share what they knew. The panel makes 7 recommendations.",
    ]),
    ("9. Lessons to be Learnt", [
        "9.1 Professionals should ask about coercive control at every contact.",
    ]),
    ("Support", [
        "Support is available from the National Domestic Abuse Helpline on 0808 2000 247 "
        "and Kingsmere Women's Aid. Enquiries: community.safety@kingsmere.gov.uk.",
    ]),
    ("10. Recommendations", [
        "10.1 Kingsmere Borough Council should review its housing referral pathway by "
        "December 2025.",
    ]),
]

CHRONOLOGY = [
    ["No.", "Date", "Agency", "Event"],
    ["1", "March 2019", "Kingsmere Police", "Rose reported damage to her daughter's flat."],
    ["2", "June 2019", "Kingsmere Police", "Alan said his son had always had a short fuse."],
    ["3", "October 2020", "Kingsmere Adult Social Care",
     "The social worker visited Ellie; she had planned a further visit."],
    ["4", "August 2021", "Kingsmere Police", "Mark was stopped in a Ford Transit van."],
    ["12", "November 2022", "NHS Kingsmere Integrated Care Board",
     "Ellie told her GP about controlling behaviour."],
]

FOOTNOTES = {
    1: "Home Office (2016) Multi-agency Statutory Guidance for the Conduct of Domestic "
       "Homicide Reviews, section 3.",
    2: "The family chose the pseudonyms Ellie, Rose and Kate.",
}

SUMMARY = [
    "Kingsmere Community Safety Partnership",
    "Domestic Homicide Review: Executive Summary",
    "into the death of Ellie, who died in March 2024",
    "1. The Review Process",
    "1.1 The review was chaired by Dr Helen Morris. The panel met 6 times between May 2024 "
    "and July 2025.",
    "2. Summary of Events",
    "2.1 Ellie, a White British woman aged 41, lived with Mark and their child, Child A.",
    "2.2 In March 2019 Rose reported damage to her daughter's flat. In June 2019 Mark's "
    "father said his son had always had a short fuse.",
    "2.3 In October 2020 the social worker visited; she had planned a follow-up visit.",
    "2.4 In August 2021 Mark was stopped driving a Ford Transit van.",
    "3. Key Issues",
    "3.1 Young people's services were not involved. The Detective Chief Inspector who led "
    "the investigation briefed the panel.",
    "4. Conclusions",
    "4.1 Agencies missed 16 opportunities to share information.",
    "5. Recommendations",
    "5.1 Kingsmere Borough Council should review its referral pathway by December 2025.",
]

FORM = [
    ["Home Office Domestic Homicide Review: Data Collection Form", ""],
    ["Victim's age", "41"],
    ["Victim's gender", "Female"],
    ["Victim's ethnicity", "White British"],
    ["Perpetrator's age", "44"],
    ["Relationship of perpetrator to victim", "Husband"],
    ["Method of killing", "Sharp instrument"],
    ["Date of death", "March 2024"],
]


@dataclass
class Overview:
    """What goes into the overview DOCX; a seeded leak edits one field."""

    extra_body: list[str] = field(default_factory=list)
    chronology: list[list[str]] = field(default_factory=lambda: [row[:] for row in CHRONOLOGY])
    footnotes: dict[int, str] = field(default_factory=lambda: dict(FOOTNOTES))
    core: dict[str, str] = field(default_factory=lambda: {
        "dc:title": "Domestic Homicide Review - Overview Report",
        "dc:creator": "Kingsmere Community Safety Partnership",
        "cp:lastModifiedBy": "Kingsmere Community Safety Partnership"})
    form: bool = False
    header: list[str] = field(default_factory=lambda: [
        "Kingsmere DHR - Ellie - Overview Report"])
    comments: dict[int, str] = field(default_factory=dict)


def overview_docx(spec: Overview) -> bytes:
    """The overview report as Word writes it."""
    body = [p(line, style="Title" if n == 1 else None) for n, line in enumerate(TITLE)]
    for heading, paragraphs in SECTIONS:
        body.append(p(heading, style="Heading1"))
        for number, text in enumerate(paragraphs):
            if heading.startswith("1.") and number == 0:
                body.append(p(r(text), footnote_reference(1)))
            elif heading.startswith("3.") and number == 0:
                body.append(p(r(text), footnote_reference(2)))
            else:
                body.append(p(text))
        if heading.startswith("6."):
            body.append(p("Table 1: chronology of agency contact"))
            body.append(table([row[:] for row in spec.chronology]))
            body.append(p(text_box(p("Key lesson: ask about coercive control."),
                                   p("Ellie's mother said her daughter was frightened.")),
                          "The box above summarises the panel's main lesson."))
    body += spec.extra_body
    if spec.form:
        body.append(p("Appendix: Data Collection Form", style="Heading1"))
        body.append(table(FORM))
    footer = [p("Page ", complex_field(" PAGE ", "1"), " of ",
                complex_field(" NUMPAGES  \\* Arabic ", "12"), "\tOFFICIAL"),
              p(simple_field("FILENAME", "overview.redacted.docx"))]
    header = [*(p(line) for line in spec.header),
              p("Published ", simple_field("DATE \\@ \"MMMM yyyy\"", "September 2025"))]
    if spec.comments:
        body.append(p(commented("Agencies did not share what they knew.", 1)))
    parts = DocxParts(body=body, headers={"default": header}, footers={"default": footer},
                      footnotes={n: [p(text)] for n, text in spec.footnotes.items()},
                      core=spec.core, comments={n: [p(text)] for n, text in spec.comments.items()},
                      comment_author="Kingsmere CSP")
    return build_docx(parts)


def summary_pdf(path: Path, lines: list[str]) -> None:
    """The executive summary as a text-layer PDF: running header, 'Page N of M' footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pages = [lines[:9], lines[9:]]
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for number, page in enumerate(pages, start=1):
        drawing.setFont("Helvetica", 9)
        drawing.drawString(72, height - 40, "Kingsmere DHR - Ellie - Executive Summary")
        drawing.drawString(72, 40, f"Page {number} of {len(pages)}")
        y = height - 90
        for line in page:
            heading = line[:2].strip(".").isdigit() and len(line) < 40 or line in lines[:3]
            drawing.setFont("Helvetica-Bold" if heading else "Helvetica", 13 if heading else 10)
            for chunk in _wrap(line, 90):
                drawing.drawString(72, y, chunk)
                y -= 14
            y -= 10
        if number == 1:  # a chronology table: its cells drawn in columns, as Word exports them
            y -= 10
            for row in CHRONOLOGY[:4]:
                drawing.setFont("Helvetica", 9)
                for x, cell in zip((72, 100, 170, 300), row, strict=False):
                    drawing.drawString(x, y, cell[:40])
                y -= 14
        drawing.showPage()
    drawing.save()


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def summary_text(lines: list[str]) -> str:
    return "\n\n".join(lines) + "\n"


@dataclass
class Doc:
    """One document of the set: how to build it, and what the check must report."""

    name: str
    build: Callable[[Path], None]
    expect: str | None = None  # the error code a seeded leak must raise; None: a clean file
    seed: str = ""  # what was seeded, in words
    needle: str = ""  # the seeded text, which the error's message must quote
    required: bool = True  # False: measured and shown, not part of the target (see its seed)


def _overview(spec: Overview) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(overview_docx(spec))


def _with_summary(change: Callable[[list[str]], list[str]], kind: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        lines = change(list(SUMMARY))
        if kind == "pdf":
            summary_pdf(path, lines)
        else:
            path.write_text(summary_text(lines), encoding="utf-8")
    return build


def _replace(old: str, new: str) -> Callable[[list[str]], list[str]]:
    def change(lines: list[str]) -> list[str]:
        out = [line.replace(old, new) for line in lines]
        assert out != lines, old
        return out
    return change


def documents() -> list[Doc]:
    """The clean set, then the seeded leaks."""
    same = list  # no change
    date_row = Overview()
    date_row.chronology[3][1] = "14 October 2020"
    name_note = Overview()
    name_note.footnotes[2] = "Claire Young's family chose the pseudonyms used in this report."
    prop = Overview()
    prop.core["cp:lastModifiedBy"] = "Priya Shah"
    kin = Overview(extra_body=[p("11.2 Ellie's son was at school that day.")])
    header = Overview(header=["Kingsmere DHR - Claire Young - Overview Report"])
    comment = Overview(comments={1: "Check this with the family before publication."})
    child_he = Overview(extra_body=[p(
        "11.1 Child A now lives with Rose. He told his teacher that he missed his mother.")])
    return [
        Doc("overview.docx", _overview(Overview())),
        Doc("summary.pdf", _with_summary(same, "pdf")),
        Doc("summary.txt", _with_summary(same, "txt")),
        Doc("leak-footnote-name.docx", _overview(name_note), "LEAK001",
            "a listed name in a footnote", "'Claire Young'"),
        Doc("leak-table-day-date.docx", _overview(date_row), "DATE001",
            "a day-precise date in a table cell", "'14 October 2020'"),
        Doc("leak-child-he.docx", _overview(child_he), "CHILD001", "a child's 'he'", "'He'"),
        Doc("leak-kin-word.docx", _overview(kin), "CHILD001",
            "'Ellie's son' after 'his son' (an adult) earlier: coref takes the earlier "
            "'son' as the same person, whoever the possessor", "'son'", required=False),
        Doc("leak-header-name.docx", _overview(header), "LEAK001", "a listed name in a header",
            "'Claire Young'"),
        Doc("leak-comment.docx", _overview(comment), "HIDDEN001", "a comment left in",
            "'Kingsmere CSP'"),
        Doc("leak-property.docx", _overview(prop), "HIDDEN004",
            "a document property naming a person", "'Priya Shah'"),
        Doc("leak-form.docx", _overview(Overview(form=True)), "FORM001",
            "the Home Office data collection form"),
        Doc("leak-name.pdf",
            _with_summary(_replace("lived with Mark", "lived with Daniel White"), "pdf"),
            "LEAK001", "a listed name in a PDF", "'Daniel White'"),
        Doc("leak-day-date.txt",
            _with_summary(_replace("In June 2019", "On 3 June 2019"), "txt"),
            "DATE001", "a day date in a text file", "'3 June 2019'"),
        Doc("leak-child-his.txt", _with_summary(
            _replace("their child, Child A.", "their son, Child A, and his dog."), "txt"),
            "CHILD001", "a child's 'son' in a text file", "'son'"),
    ]


OUTPUT_MODES = ("case+manifest", "case", "manifest", "neither")
CORPUS_DRAFTS = [
    ("northshire/overview.docx", "northshire/case.yaml"),
    ("northshire/executive_summary.pdf", "northshire/case.yaml"),
    ("westmere/draft.txt", "westmere/case.yaml"),
    ("eastvale/summary.md", "eastvale/case.yaml"),
]


@dataclass
class Result:
    name: str
    mode: str  # "case" or "no case"
    errors: list[str]  # "CODE text" per error
    warnings: int
    expect: str | None = None
    seed: str = ""
    needle: str = ""
    required: bool = True

    @property
    def caught(self) -> bool:
        """The expected code, quoting the seeded text."""
        return self.expect is not None and any(
            e.split()[0] == self.expect and self.needle in e for e in self.errors)


def redact_and_check(use_model: bool, detector: Detector) -> list[Result]:
    """`redact` each corpus draft (case file as given, no --update-case), then check the
    output as a CSP would: with the case file and the manifest found beside the output (what
`redactor check --case` does), with the case file only, with the manifest only, with
neither; and
    `redactor check --case` (the manifest beside) against `redact`'s own self-check verdict."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="check-bench-out-") as tmp:
        options = RunOptions(use_model=use_model, accept_changes=True, force=True)
        jobs, cases = [], {}
        for index, (draft, case_file) in enumerate(CORPUS_DRAFTS):
            key = str(ROOT / "corpus" / case_file)
            cases.setdefault(key, load_case(Path(key)))
            target = Path(tmp) / str(index)
            target.mkdir()
            jobs.append(Job(index=index, input=ROOT / "corpus" / draft, case_key=key,
                            out_dir=target))
        for (draft, case_file), done in zip(CORPUS_DRAFTS, run_batch(jobs, cases, options),
                                            strict=True):
            assert done.output is not None, done.error
            case = load_case(ROOT / "corpus" / case_file)
            found = find_manifest(done.output)
            manifest = load_manifest(found) if found else None
            verdicts = {}
            for mode, mode_case, mode_manifest in (("case+manifest", case, manifest),
                                                   ("case", case, None),
                                                   ("manifest", None, manifest),
                                                   ("neither", None, None)):
                report = check_report(done.output, mode_case, use_model=use_model,
                                      detector=detector, manifest=mode_manifest)
                verdicts[mode] = "pass" if report.publishable else "fail"
                results.append(Result(draft, mode, [f"{f.code} {f.location} {f.message}"
                                                    for f in report.errors],
                                      len(report.warnings)))
            said = done.check.get("result", "-")
            results.append(Result(draft, "self-check " + said,
                                  [] if verdicts["case+manifest"] == said else
                                  [f"DISAGREE: redactor check --case says "
                                   f"{verdicts['case+manifest']}"], 0))
    return results


def run(use_model: bool = True, end_to_end: bool = True) -> dict[str, object]:
    """Build the set, check every file; the numbers and the per-file results."""
    detector = Detector(RunOptions(use_model=use_model))
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="check-bench-") as tmp:
        folder = Path(tmp)
        case_path = folder / "case.yaml"
        case_path.write_text(CASE_YAML, encoding="utf-8")
        case = load_case(case_path)
        for doc in documents():
            path = folder / doc.name
            doc.build(path)
            modes: list[tuple[str, Case | None]] = [("case", case)]
            if doc.expect is None:
                modes.append(("no case", None))
            for mode, mode_case in modes:
                report = check_report(path, mode_case, use_model=use_model, detector=detector)
                results.append(Result(
                    doc.name, mode,
                    [f"{f.code} {getattr(f, 'location', '')} {f.message}" for f in report.errors],
                    len(report.warnings), doc.expect, doc.seed, doc.needle, doc.required))
    corpus: list[Result] = []
    for draft, case_file in CORPUS_DRAFTS:
        report = check_report(ROOT / "corpus" / draft, load_case(ROOT / "corpus" / case_file),
                              use_model=use_model, detector=detector)
        corpus.append(Result(draft, "case", [f.code for f in report.errors],
                             len(report.warnings)))
    outputs = redact_and_check(use_model, detector) if end_to_end else []
    clean = [res for res in results if res.expect is None]
    seeded = [res for res in results if res.expect is not None and res.required]
    extra = [res for res in results if res.expect is not None and not res.required]
    return {
        "false_errors": sum(len(res.errors) for res in clean),
        "false_errors_with_case": sum(len(res.errors) for res in clean if res.mode == "case"),
        "false_errors_without_case": sum(len(res.errors) for res in clean
                                         if res.mode == "no case"),
        "seeded": len(seeded),
        "seeded_caught": sum(res.caught for res in seeded),
        "extra_seeded": len(extra),
        "extra_seeded_caught": sum(res.caught for res in extra),
        "corpus_drafts": len(corpus),
        "corpus_failing": sum(bool(res.errors) for res in corpus),
        "outputs_errors": {mode: sum(len(res.errors) for res in outputs if res.mode == mode)
                           for mode in OUTPUT_MODES},
        "gates_disagree": sum(bool(res.errors) for res in outputs
                              if res.mode.startswith("self-check")),
        "results": results,
        "corpus": corpus,
        "outputs": outputs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-model", action="store_true", help="patterns only")
    parser.add_argument("--show", action="store_true", help="print every false error")
    parser.add_argument("--json", action="store_true", help="the numbers as JSON")
    parser.add_argument("--no-redact", action="store_true",
                        help="skip redacting the corpus drafts and checking the outputs")
    args = parser.parse_args()
    numbers = run(use_model=not args.no_model, end_to_end=not args.no_redact)
    results: list[Result] = numbers["results"]  # type: ignore[assignment]
    corpus: list[Result] = numbers["corpus"]  # type: ignore[assignment]
    if args.json:
        print(json.dumps({k: v for k, v in numbers.items()
                          if k not in ("results", "corpus", "outputs")}))
        return
    print("| document | case file | errors | warnings | expected | result |")
    print("| --- | --- | --- | --- | --- | --- |")
    for res in results:
        verdict = ("caught" if res.caught else "MISSED" if res.required else "missed (extra)") \
            if res.expect else (
            "ok" if not res.errors else "FALSE ERRORS")
        print(f"| {res.name} | {res.mode} | {len(res.errors)} | {res.warnings} | "
              f"{res.expect or '-'} | {verdict} |")
    for res in corpus:
        print(f"| corpus/{res.name} | case | {len(res.errors)} | {res.warnings} | fail | "
              f"{'fails' if res.errors else 'PASSES'} |")
    outputs: list[Result] = numbers["outputs"]  # type: ignore[assignment]
    for res in outputs:
        print(f"| redacted corpus/{res.name} | {res.mode} | {len(res.errors)} | {res.warnings} "
              f"| - | {'ok' if not res.errors else 'ERRORS'} |")
    print()
    print("| measure | value | target |")
    print("| --- | --- | --- |")
    print(f"| false errors on correct documents (with case file) | "
          f"{numbers['false_errors_with_case']} | 0 |")
    print(f"| false errors on correct documents (without case file) | "
          f"{numbers['false_errors_without_case']} | 0 |")
    print(f"| seeded leaks caught | {numbers['seeded_caught']}/{numbers['seeded']} | all |")
    print(f"| extra seeded leaks caught (known limits, no target) | "
          f"{numbers['extra_seeded_caught']}/{numbers['extra_seeded']} | - |")
    print(f"| corpus drafts failing | {numbers['corpus_failing']}/{numbers['corpus_drafts']} | "
          "all |")
    if outputs:
        errors = numbers["outputs_errors"]
        print(f"| errors on redact's own corpus outputs ({' / '.join(OUTPUT_MODES)}) | "
              + " / ".join(str(errors[mode]) for mode in OUTPUT_MODES)  # type: ignore[index]
              + " | see note |")
        print(f"| self-check and check --case disagree | {numbers['gates_disagree']} | 0 |")
    if args.show:
        for res in outputs:
            for error in res.errors:
                print(f"redacted {res.name} [{res.mode}]: {error}")
        for res in results:
            if res.expect is None:
                for error in res.errors:
                    print(f"{res.name} [{res.mode}]: {error}")
            elif not res.caught:
                print(f"{res.name}: MISSED {res.seed}; errors: {res.errors}")


if __name__ == "__main__":
    main()
