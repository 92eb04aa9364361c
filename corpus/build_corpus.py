"""Build the corpus's Word and PDF drafts from the text below (synthetic: never real cases).

    python corpus/build_corpus.py

writes `northshire/overview.docx` and `northshire/executive_summary.pdf` beside this script.
Both builds are deterministic (fixed dates, fixed ZIP timestamps, reportlab `invariant=1`),
so re-running gives byte-identical files. Every person, place and number here is invented;
phone numbers are from Ofcom's drama ranges and addresses are fictional. If you change the
text, update the `<stem>.gold.yaml` beside the output and run `pytest tests/test_corpus.py`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NORTHSHIRE = HERE / "northshire"

FIXED_TIME = dt.datetime(2019, 12, 18, 9, 0, 0)
ZIP_TIME = (2019, 12, 18, 9, 0, 0)
NON_BREAKING_HYPHEN = "\u2011"  # in DOCX text below: becomes <w:noBreakHyphen/>

# --------------------------------------------------------------------------------------------
# Overview Report (DOCX). Items: (kind, payload). Special kinds exercise the DOCX parts.
# --------------------------------------------------------------------------------------------

OVERVIEW_HEADER = "OFFICIAL SENSITIVE - DRAFT - DHR into the death of ROSE O'NEILL"
OVERVIEW_FOOTER = "Safer Northshire Partnership - Overview Report - not for circulation"

OVERVIEW_PROPERTIES = {
    "author": "Judith Langley",
    "title": "Overview Report into the death of Rose O'Neill",
    "subject": "Domestic Homicide Review - Safer Northshire Partnership",
    "last_modified_by": "Susan Okafor",
    "keywords": "DHR; Hadley; O'Neill",
}

PANEL_ROWS = [
    ("Name", "Role", "Agency"),
    ("Judith Langley", "Independent Chair and author", "Independent"),
    ("DI Mark Fenwick", "Review officer", "Northshire Police"),
    ("Susan Okafor", "Head of Safeguarding", "Northshire County Council Adult Social Care"),
    ("Dr Peter Lawson", "Designated Doctor for Safeguarding",
     "NHS Northshire Integrated Care Board"),
    ("Angela Reid", "Service Manager", "Northshire Women's Aid"),
    ("Gareth Evans", "Senior Probation Officer", "Probation Service (Northshire)"),
    ("Nadia Hussain", "Safeguarding Lead", "Northshire Children's Social Care"),
]

CHRONOLOGY_ROWS = [
    ("Date", "Agency", "Contact"),
    ("02/01/2019", "Larkfield Surgery",
     "Rose attended an appointment with the locum GP, Dr Amir Shah, about poor sleep and "
     "bruising to her left forearm. She said she had fallen on the stairs. No routine enquiry "
     "about domestic abuse was recorded."),
    ("28 January 2019", "Beech Hill Primary School",
     "Will's class teacher noted that he had arrived without his coat for the third time and "
     "seemed withdrawn. He told her he did not want to go home."),
    ("5th February 2019", "Northshire Children's Social Care",
     "The school made a referral. It was closed after a telephone call to Rose on "
     "07700 900123, in which she said things at home were 'sorted'."),
    ("Monday 11 February 2019", "Northshire Police",
     "PC Ravi Patel attended 14 Larkspur Close after a neighbour, Trevor Boyce, called 999 "
     "reporting shouting. Crime reference NPC/19/045512 was raised. DASH risk assessment "
     "graded standard risk."),
    ("3-7 March 2019", "Hadley Health Visiting Service",
     "The health visitor tried three times to arrange Ellie's review and left messages on "
     "the landline, 01632 960418. Nobody called back."),
    ("Thursday 14 March 2019", "Northshire Police",
     "At 22:15 on 14 March a 999 call was received from Liam O'Neill. Officers found Rose "
     "with fatal injuries. Daniel Marsh was arrested at the scene."),
]

OVERVIEW = [
    ("title", "Safer Northshire Partnership"),
    ("title", "Domestic Homicide Review"),
    ("title_big", "Overview Report into the death of Rose O'Neill"),
    ("title", "who died in March 2019"),
    ("title", "Author: Judith Langley, Independent Chair"),
    ("title", "Report completed: 18 December 2019"),
    ("page_break", None),
    ("heading", "1. Introduction"),
    ("para",
     "1.1 This Domestic Homicide Review (DHR) examines the contact that agencies had with "
     "Rose O'Neill, a resident of Hadley, and with her partner Daniel Marsh, before Rose's "
     "death on 14 March 2019. Rose was aged 41. She lived at 14 Larkspur Close, Hadley, "
     "NN4 7QT with Daniel, their daughter Ellie, who was aged 3, and Will, her son from an "
     "earlier relationship, who was aged 10. Rose's adult son, Liam O'Neill, aged 19, had "
     "moved out in September 2018 but visited most days."),
    ("comment_para",
     ("1.2 The review was commissioned by the Safer Northshire Partnership on 2 April 2019, "
      "under section 9 of the Domestic Violence, Crime and Victims Act 2004, after the "
      "partnership agreed that the criteria for a review were met.",
      "2 April 2019",
      "Confirm this date with Karen Smith-Jones before the family sees the draft. JL")),
    ("comment_para",
     ("1.3 The panel would like to express its sincere condolences to Rose's family, and in "
      "particular to her mother, Margaret O'Neill, her sister, Karen Smith-Jones, and her "
      "three children.",
      "Margaret O'Neill",
      "Maggie asked that we use her first name only in the final version.")),
    ("heading", "2. The Review Panel"),
    ("para",
     "2.1 The panel met six times between May 2019 and November 2019. Members were "
     "independent of any direct involvement with Rose, Daniel or the children."),
    ("table", PANEL_ROWS),
    ("para",
     "2.2 Judith Langley is a former Assistant Director of Adult Services in another county. "
     "She has chaired eleven DHRs and has no connection with any agency in Northshire."),
    ("heading", "3. Terms of Reference and Methodology"),
    ("para",
     "3.1 The review considered agencies' contact with Rose and Daniel from 1 June 2014, "
     "when they began their relationship, to the date of Rose's death. Agencies provided "
     "Individual Management Reviews (IMRs) and chronologies. The panel paid particular "
     "attention to the Care Act 2014 duties of the local authority and to the voice of the "
     "children."),
    ("footnote_para",
     ("3.2 The family were invited to contribute through a letter and a Home Office leaflet, "
      "delivered by the Northshire Police family liaison officer, DS Claire Hughes.",
      "DS Hughes delivered the letter on Tuesday 12 March 2019 to the wrong address; it was "
      "re-sent to Margaret O'Neill at 22 Mill Row, Hadley, NN4 2HL on 9 May 2019.",
      "")),
    ("heading", "4. Background and Pen Portraits"),
    ("textbox",
     "Rose, in the words of her family: \"Rose was the heart of every room. She loved the "
     "children, her allotment and Saturday nights dancing with Chloe. She would do anything "
     "for anyone.\" (Karen Smith-Jones)"),
    ("para",
     "4.1 Rose was born in Hadley (DOB: 02/05/1977). She worked "
     "part-time at a garden centre and was described by her friend Chloe Barker as "
     "\"funny, stubborn and fiercely loyal\". Her NHS number, 485 777 3457, was shared "
     "between Larkfield Surgery and the maternity service without a domestic abuse flag."),
    ("split_para",
     [("4.2 ", False), ("Daniel Mar", True), ("sh, known to friends as Danny, is a self-employed "
      "plasterer. He was aged 36 at the time of the homicide. His National Insurance number, "
      "JT 48 21 93 B, appears in the Probation Service record from an earlier conviction for "
      "assault in 2012. He drove a white van, registration NX19 KPT, which he also used for "
      "work.", False)]),
    ("para",
     "4.3 Ellie was aged 3 and had not started school. She was described by the health "
     "visitor as a chatty little girl; her speech was slightly delayed and she was on the "
     "waiting list for speech and language therapy."),
    ("para",
     "4.4 Will was aged 10 and attended Beech Hill Primary School. He was a keen footballer. "
     "His teachers noticed that his attendance fell during the autumn term of 2018 and that "
     "he often arrived late and hungry. Will's father has had no contact with him since "
     "2011."),
    ("para",
     "4.5 Liam O'Neill, Rose's eldest son, was aged 19. He told the panel that he had seen "
     "Daniel push his mother in the kitchen at Christmas 2018, but that Rose had begged him "
     "not to tell anyone. Liam has since moved to live with his aunt."),
    ("heading", "5. Chronology of Agency Contact"),
    ("para",
     "5.1 The table below summarises the key contacts in the three months before Rose's "
     "death. A fuller chronology was considered by the panel."),
    ("table", CHRONOLOGY_ROWS),
    ("tracked_para",
     ("5.2 After the police attendance in February, ",
      "Danny",
      "Daniel Marsh",
      " told officers that Rose had \"wound him up\". The officers' notes record that D.M. "
      "denied any assault and that Rose did not want to make a statement.")),
    ("para",
     "5.3 Mr Boyce told the review that he had heard arguments through the wall \"for "
     "months\", and that on 14th March he had seen Daniel's van outside the house from about "
     "6pm. He did not know who to tell and did not want to interfere."),
    ("para",
     "5.4 On 14/03/2019 Karen Smith-Jones received a text from Rose at 21:40 which said: "
     "\"He's kicking off again, can you have Ellie tomorrow?\" Karen replied from her mobile, "
     "+44 7700 900877, that she could. This was the last contact anyone had with Rose."),
    ("heading", "6. Analysis"),
    ("para",
     "6.1 Health. The consultation with Dr Shah on 2 January 2019 was the clearest "
     "opportunity for a health professional to ask Rose about abuse. Dr Shah was a locum "
     "who did not know Rose; the practice's guidance on routine enquiry had not been shared "
     "with locum staff. Larkfield Surgery has since changed its induction pack."),
    ("para",
     "6.2 Policing. PC Patel completed the DASH risk assessment at the door, with Daniel "
     "present in the next room. Rose answered \"no\" to most questions. DS Hughes reviewed "
     "the case on Tuesday 12 February and agreed the grading, but neither officer checked the "
     "Police National Computer record of Mr Marsh's 2012 conviction. The panel considers "
     "that the risk was under-estimated and that a referral to MARAC should have been "
     "considered."),
    ("para",
     "6.3 Children's services. The referral about Will was closed after one telephone call. "
     "Nobody spoke to Will on his own or asked him what life was like at home, and nobody "
     "asked about Ellie. The panel heard that tensions rose at home whenever money was "
     "short; Will had told a lunchtime supervisor that he hid with his sister in her "
     "bedroom when the shouting started."),
    ("para",
     "6.4 Specialist services. Rose was never referred to Northshire Women's Aid or to an "
     "IDVA. Her friend Chloe Barker had given her the helpline number in 2017 and had "
     "offered to go with her to an appointment, but Rose said that DANIEL MARSH \"would find "
     "out\"."),
    ("para",
     "6.5 Equality and diversity. The panel considered the protected characteristics in the "
     "Equality Act 2010. Rose was a White British woman; sex was the characteristic most "
     "relevant to her experience of abuse. Nothing suggested that agencies treated Rose or "
     "her children differently because of any other characteristic, but the panel notes "
     "that the family's address on the edge of Hadley made services harder to reach."),
    ("para",
     "6.6 Information sharing. Larkfield Surgery did not know about the police attendance, "
     "and Beech Hill Primary School did not know about the bruising seen on 2 January 2019. "
     "Had Ellie's health visitor known that the school had made a referral, she told the "
     "panel, she would have visited rather than telephoned. The designated safeguarding "
     "lead asked Will whether anyone had hurt him; he shook his head and asked to go back "
     "to class."),
    ("para",
     "6.7 The panel also considered whether Daniel's use of alcohol was relevant. His record "
     "at Larkfield Surgery, which holds the email address d.marsh.plastering@example.com for "
     "appointment reminders, shows two appointments about low mood in 2016 but no alcohol "
     "screening."),
    ("heading", "7. Family Involvement"),
    ("para",
     "7.1 The chair met Margaret O'Neill and Karen Smith-Jones at Karen's home on Friday 24 "
     "May 2019 and again in October 2019. Mrs O'Neill described Rose as \"the glue of the "
     "family\". Karen said that the family had known that Daniel was controlling but had "
     "not known where to go for help. Mrs Smith\u2011Jones can be contacted through the chair at "
     "judith.langley@example.org."),
    ("para",
     "7.2 Liam gave a written account. The family chose the pseudonym used in the published "
     "report. Daniel Marsh was invited to contribute through his solicitor and through HMP "
     "Northshire; he did not reply. R v DANIEL MARSH concluded at Northshire Crown Court in "
     "October 2019 with a conviction for murder."),
    ("para",
     "7.3 Karen told the panel: \"If somebody had just asked Rose when Danny wasn't there, "
     "she would have told them.\" The chair thanks the family for their courage and for "
     "sharing their memories of Rose."),
    ("heading", "8. Conclusions and Lessons"),
    ("para",
     "8.1 Rose's death was not predictable, but there were missed opportunities to ask her, "
     "and her children, about what was happening at home. The panel found no single failure "
     "by any agency, but several agencies held part of the picture and nobody brought it "
     "together."),
    ("para",
     "8.2 The panel recommends that the Safer Northshire Partnership ensures that routine "
     "enquiry training includes locum and agency staff; that Northshire Police reviews how "
     "officers complete a DASH risk assessment when the alleged perpetrator is present; and "
     "that Northshire Children's Social Care always speaks to a child on their own before "
     "closing a referral made by a school."),
]


def build_overview(path: Path) -> None:
    """Write the Overview Report excerpt with every part a chair's draft tends to have."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = OVERVIEW_HEADER
    section.footer.paragraphs[0].text = OVERVIEW_FOOTER

    footnotes: list[str] = []
    textbox_count = 0
    change_id = 100
    for kind, payload in OVERVIEW:
        if kind in ("title", "title_big"):
            run = document.add_paragraph().add_run(payload)
            run.bold = kind == "title_big"
            run.font.size = Pt(20 if kind == "title_big" else 14)
        elif kind == "page_break":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "heading":
            document.add_heading(payload, level=1)
        elif kind == "para":
            paragraph = document.add_paragraph()
            for index, piece in enumerate(payload.split(NON_BREAKING_HYPHEN)):
                if index:  # Word writes a non-breaking hyphen as an element, not a character
                    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:noBreakHyphen/></w:r>'))
                paragraph.add_run(piece)
        elif kind == "split_para":
            paragraph = document.add_paragraph()
            for text, bold in payload:
                paragraph.add_run(text).bold = bold
        elif kind == "comment_para":
            text, anchor, comment = payload
            before, after = text.split(anchor, 1)
            paragraph = document.add_paragraph(before)
            anchored = paragraph.add_run(anchor)
            paragraph.add_run(after)
            added = document.add_comment(anchored, text=comment, author="Judith Langley",
                                         initials="JL")
            added._comment_elm.set(qn("w:date"), "2019-11-04T10:00:00Z")  # not "now"
        elif kind == "tracked_para":
            before, deleted, inserted, after = payload
            paragraph = document.add_paragraph(before)
            stamp = "2019-11-04T10:30:00Z"
            paragraph._p.append(parse_xml(
                f'<w:del {nsdecls("w")} w:id="{change_id}" w:author="Susan Okafor" '
                f'w:date="{stamp}"><w:r><w:delText xml:space="preserve">{deleted}'
                f'</w:delText></w:r></w:del>'))
            paragraph._p.append(parse_xml(
                f'<w:ins {nsdecls("w")} w:id="{change_id + 1}" w:author="Susan Okafor" '
                f'w:date="{stamp}"><w:r><w:t xml:space="preserve">{inserted}</w:t></w:r>'
                f'</w:ins>'))
            change_id += 2
            paragraph.add_run(after)
        elif kind == "footnote_para":
            before, note, after = payload
            paragraph = document.add_paragraph(before)
            footnotes.append(note)
            paragraph._p.append(parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{len(footnotes)}"/></w:r>'))
            if after:
                paragraph.add_run(after)
        elif kind == "textbox":
            textbox_count += 1
            paragraph = document.add_paragraph()
            paragraph._p.append(parse_xml(_textbox_run_xml(textbox_count, _xml_escape(payload))))
        elif kind == "table":
            rows = payload
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = value
                    if r == 0:
                        cell.paragraphs[0].runs[0].bold = True
        else:
            raise ValueError(f"unknown item kind {kind!r}")

    footnotes_xml = _footnotes_xml(footnotes)
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES,
                footnotes_xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)

    props = document.core_properties
    for key, value in OVERVIEW_PROPERTIES.items():
        setattr(props, key, value)
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 7

    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _textbox_run_xml(number: int, text: str) -> str:
    """A floating text box as Word writes it: a DrawingML shape plus a VML fallback.

    Both copies hold the text, so a reader (and a redactor) must handle both.
    """
    content = (f'<w:txbxContent><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
               f'</w:txbxContent>')
    return (
        f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        f'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        f'xmlns:v="urn:schemas-microsoft-com:vml" '
        f'xmlns:o="urn:schemas-microsoft-com:office:office">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" '
        f'simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" '
        f'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="5400000" cy="1080000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapTopAndBottom/><wp:docPr id="{number}" name="Text Box {number}"/>'
        f'<wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData '
        f'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="5400000" cy="1080000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        f'</a:prstGeom></wps:spPr><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>'
        f'</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" '
        f'o:spt="202" path="m,l,21600r21600,l21600,xe"/>'
        f'<v:shape id="Text Box {number}" o:spid="_x0000_s{1025 + number}" type="#_x0000_t202" '
        f'style="width:425pt;height:85pt"><v:textbox>{content}</v:textbox></v:shape>'
        f'</w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )


def _footnotes_xml(notes: list[str]) -> str:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {w}>',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        '<w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for number, note in enumerate(notes, start=1):
        parts.append(
            f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
            f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
            f'{_xml_escape(note)}</w:t></w:r></w:p></w:footnote>')
    parts.append("</w:footnotes>")
    return "".join(parts)


def _fixed_zip_times(data: bytes) -> bytes:
    """The same ZIP with every entry dated `ZIP_TIME`, so rebuilds are byte-identical."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Executive Summary (PDF, text layer). Running header and footer on every page.
# --------------------------------------------------------------------------------------------

SUMMARY_HEADER = "Safer Northshire Partnership - DHR Rose O'Neill - Executive Summary"
SUMMARY_FOOTER = "OFFICIAL SENSITIVE - DRAFT"

SUMMARY: list[tuple[str, Any]] = [
    ("title", "Safer Northshire Partnership"),
    ("title", "Domestic Homicide Review: Executive Summary"),
    ("title", "Into the death of Rose O'Neill (March 2019)"),
    ("para", "Independent Chair and author: Judith Langley. Completed: 18 December 2019."),
    ("heading", "1. The Review Process"),
    ("para",
     "1.1 This summary outlines the process and findings of the Domestic Homicide Review "
     "into the death of Rose O'Neill, who was killed at her home in Hadley on 14 March 2019. "
     "Rose was aged 41. Her partner, Daniel Marsh, aged 36, was convicted of her murder in "
     "October 2019."),
    ("para",
     "1.2 The Safer Northshire Partnership decided on 2 April 2019 that a review should be "
     "held. The panel met six times and was chaired by Judith Langley. Members came from "
     "Northshire Police, Northshire County Council Adult Social Care, NHS Northshire "
     "Integrated Care Board, Northshire Women's Aid, the Probation Service and Northshire "
     "Children's Social Care."),
    ("heading", "2. Contributors to the Review"),
    ("para",
     "2.1 Rose's mother, Margaret O'Neill, and her sister, Karen Smith-Jones, met the chair "
     "twice. Rose's eldest son, Liam O'Neill, gave a written account. Rose's friend Chloe "
     "Barker also spoke to the panel. Daniel Marsh did not respond to an invitation sent "
     "through HMP Northshire."),
    ("para",
     "2.2 A neighbour, Trevor Boyce, spoke to the chair by telephone on 0113 496 0321. Mr "
     "Boyce had called the police on Monday 11 February 2019 after hearing shouting."),
    ("heading", "3. Summary of the Case"),
    ("para",
     "3.1 Rose and Daniel met in June 2014 and lived together at 14 Larkspur Close, Hadley, "
     "NN4 7QT, with their daughter Ellie, aged 3, and Rose's son Will, aged 10. Ellie was "
     "known to the health visiting service; she had a speech delay and was waiting for "
     "therapy. Will attended Beech Hill Primary School, where he was described as a "
     "cheerful boy whose mood had changed in the autumn of 2018."),
    ("para",
     "3.2 On 02/01/2019 Rose saw a locum GP, Dr Amir Shah, at Larkfield Surgery, with bruising "
     "to her forearm. On 28 January 2019 Will told his teacher that he did not want to go "
     "home. A referral to Northshire Children's Social Care on 5th February 2019 was closed "
     "after a single telephone call to Rose's mobile, 07700 900123."),
    ("para",
     "3.3 On Monday 11 February 2019 PC Ravi Patel attended the address after Mr Boyce's "
     "call. Rose said nothing had happened. DANIEL MARSH was spoken to and denied any "
     "assault. The DASH risk assessment was graded standard and DS Claire Hughes agreed that "
     "grading on 12/02/2019. Between 3-7 March 2019 the health visitor tried to contact Rose "
     "about Ellie's review without success."),
    ("para",
     "3.4 At 22:15 on 14 March 2019 Liam called 999. Officers found Rose with fatal injuries "
     "and arrested Mr Marsh at the scene."),
    ("para", "3.5 The key agency contacts were:"),
    ("table", [
        ("Date", "Agency", "Contact"),
        ("02/01/2019", "Larkfield Surgery",
         "Locum GP Dr Amir Shah saw Rose about bruising to her forearm; no routine enquiry "
         "about domestic abuse."),
        ("Monday 11 February 2019", "Northshire Police",
         "PC Ravi Patel attended after a 999 call from Trevor Boyce; crime reference "
         "NPC/19/045512."),
        ("3-7 March 2019", "Hadley Health Visiting Service",
         "Three attempts to arrange Ellie's review; messages left on 01632 960418."),
    ]),
    ("heading", "4. Key Findings"),
    ("para",
     "4.1 Agencies held pieces of information about Rose, Daniel and the children, but no "
     "agency had the whole picture. Dr Shah did not ask about domestic abuse, and the "
     "practice had not shared its routine enquiry guidance with locum staff."),
    ("para",
     "4.2 PC Patel completed the risk assessment with Daniel in the next room, and his 2012 "
     "conviction for assault was not checked. Nobody spoke to Will on his own, and nobody "
     "asked about Ellie or what she saw at home."),
    ("para",
     "4.3 Rose's friends and family knew that Daniel was controlling, but did not know where "
     "to go for help. Rose had been given the number of Northshire Women's Aid in 2017 but "
     "never felt able to use it."),
    ("heading", "5. Recommendations"),
    ("para",
     "5.1 The Safer Northshire Partnership should ensure that routine enquiry training "
     "reaches locum and agency staff in primary care."),
    ("para",
     "5.2 Northshire Police should review how officers complete a DASH risk assessment when "
     "the alleged perpetrator is present, and should check previous convictions before "
     "grading risk."),
    ("para",
     "5.3 Northshire Children's Social Care should speak to every child on their own before "
     "closing a referral made by a school, in line with the Children Act 1989."),
    ("para",
     "5.4 The partnership should run a public campaign so that family, friends and "
     "neighbours know where to go when they are worried about someone, and should report "
     "on progress to the Home Office by 31 March 2020."),
]


def build_summary(path: Path) -> None:
    """Write the Executive Summary as a text-layer PDF: running header and footer, and a
    ruled table whose cells wrap."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    body.fontSize = 11
    body.leading = 14
    body.spaceAfter = 8

    def page_furniture(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback signature
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, SUMMARY_HEADER)
        canvas.drawString(20 * mm, 10 * mm, f"{SUMMARY_FOOTER} - page {doc.page}")
        canvas.restoreState()

    story = []
    for kind, text in SUMMARY:
        if kind == "title":
            story.append(Paragraph(_xml_escape(text), styles["Title"]))
        elif kind == "heading":
            story.append(Spacer(1, 4))
            story.append(Paragraph(_xml_escape(text), styles["Heading2"]))
        elif kind == "table":
            table = Table([[Paragraph(_xml_escape(cell), body) for cell in row] for row in text],
                          colWidths=[35 * mm, 45 * mm, 90 * mm], repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
            story.append(Spacer(1, 8))
        else:
            story.append(Paragraph(_xml_escape(text), body))
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
        bottomMargin=20 * mm, title="Executive Summary - DHR into the death of Rose O'Neill",
        author="Judith Langley", subject="Domestic Homicide Review", invariant=1,
    )
    template.build(story, onFirstPage=page_furniture, onLaterPages=page_furniture)
    path.write_bytes(buffer.getvalue())


def main() -> None:
    NORTHSHIRE.mkdir(parents=True, exist_ok=True)
    build_overview(NORTHSHIRE / "overview.docx")
    build_summary(NORTHSHIRE / "executive_summary.pdf")


if __name__ == "__main__":
    main()
