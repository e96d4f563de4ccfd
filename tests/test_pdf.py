"""`make pdf`: slides one per page without speaker notes (or with them, on request),
handouts on A4, all tagged: extractable text, figures with their alt text."""

from __future__ import annotations

import html
import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "lecturer"))
import build as lecturer_build  # noqa: E402
import pdf  # noqa: E402
from ketamine_course import course  # noqa: E402

pytestmark = pytest.mark.slow
CHOSEN = ("00", "04")  # a short deck and a long one with figures and explorers


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    chosen = [entry for entry in course.notebooks() if entry.number in CHOSEN]
    lecturer_build.build("slides", folder / "slides", chosen)
    lecturer_build.build("handouts", folder / "handouts", chosen)
    plain = pdf.build_pdfs(folder / "pdf", slides_dir=folder / "slides",
                           handouts_dir=folder / "handouts")
    # Into the same folder: the learners' slides must stay without notes.
    with_notes = pdf.build_pdfs(folder / "pdf", notes=True, slides_dir=folder / "slides",
                                handouts_dir=folder / "handouts")
    return folder, chosen, plain, with_notes


def reader(path):
    from pypdf import PdfReader

    return PdfReader(str(path))


def slide_count(chromium, deck) -> int:
    """Slides and sub-slides of a deck as printed (leaf sections; in print the folded tables
    of numbers are open, so a slide may continue on more pages than on screen)."""
    page = chromium.new_page()
    page.goto(deck.as_uri() + pdf.PRINT, wait_until="load")
    page.wait_for_selector(".reveal.ready", timeout=15000)
    # Stacks (slides with sub-slides) are emptied into pages by the print layout.
    count = page.evaluate("document.querySelectorAll('.slides section:not(.stack)').length")
    page.close()
    return count


def figure_alts(document) -> list[str]:
    """The /Alt of every /Figure in the PDF's structure tree."""
    found = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/Figure" and node.get("/Alt"):
            found.append(str(node["/Alt"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(document.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_a_deck_has_one_page_per_slide_with_its_text_and_no_notes(built, chromium):
    folder, chosen, _, _ = built
    for entry in chosen:
        deck = folder / "slides" / f"{entry.path.stem}.slides.html"
        document = reader(folder / "pdf" / "slides" / f"{entry.path.stem}.pdf")
        assert len(document.pages) == slide_count(chromium, deck), entry.file
        first = re.sub(r"\s+", "", document.pages[0].extract_text()).lower()
        assert re.sub(r"\s+", "", entry.title).lower() in first, "text, not pictures of text"
        everything = " ".join(page.extract_text() for page in document.pages)
        assert "Speaker notes:" not in everything


def test_speaker_notes_follow_their_slides_on_request(built):
    folder, chosen, _, _ = built
    for entry in chosen:
        plain = reader(folder / "pdf" / "slides" / f"{entry.path.stem}.pdf")
        noted = reader(folder / "pdf" / "lecturer-slides" / f"{entry.path.stem}.pdf")
        notes = sum(cell.metadata.get("slideshow", {}).get("slide_type") == "notes"
                    for cell in __import__("nbformat").read(entry.path, as_version=4).cells)
        text = " ".join(page.extract_text() for page in noted.pages)
        assert len(noted.pages) > len(plain.pages)
        assert text.count("Speaker notes:") == notes


def test_pdfs_are_tagged_and_figures_keep_their_alt_text(built):
    folder, chosen, _, _ = built
    entry = next(entry for entry in chosen if entry.number == "04")
    handout = reader(folder / "pdf" / "handouts" / f"{entry.path.stem}.pdf")
    for document in (handout, reader(folder / "pdf" / "slides" / f"{entry.path.stem}.pdf")):
        root = document.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    page_alts = {" ".join(html.unescape(alt).split()) for alt in re.findall(
        r'<img[^>]+alt="([^"]+)"', (folder / "handouts" / f"{entry.path.stem}.html")
        .read_text(encoding="utf-8"))}
    alts = [" ".join(alt.split()) for alt in figure_alts(handout)]
    assert len(alts) >= 3 and set(alts) <= page_alts, alts
    assert "Speaker notes:" not in " ".join(page.extract_text() for page in handout.pages)
    # Every slide is tagged, not only the first (reveal.js hides the others from assistive
    # technology until the PDF script shows them).
    slides = reader(folder / "pdf" / "slides" / f"{entry.path.stem}.pdf")
    slide_alts = [" ".join(alt.split()) for alt in figure_alts(slides)]
    assert len(slide_alts) >= 3 and set(slide_alts) <= page_alts, slide_alts


def test_pdfs_print_the_folded_tables_of_numbers_open(built):
    from ketamine_course.diagrams.pk_models import receptor_numbers

    folder, chosen, _, _ = built
    entry = next(entry for entry in chosen if entry.number == "04")
    heading = receptor_numbers().columns[1]  # the receptor chart's table: "Minutes after ..."
    for kind in ("handouts", "slides"):
        text = " ".join(page.extract_text() for page in
                        reader(folder / "pdf" / kind / f"{entry.path.stem}.pdf").pages)
        assert " ".join(heading.split()) in " ".join(text.split()), kind


def test_handout_tables_fit_the_printed_page(built, chromium):
    """On A4 no table runs past the right edge (paper cannot scroll): the route table's
    eleven columns are wider than the page until FIT_TABLES shrinks them."""
    folder, chosen, _, _ = built
    entry = next(entry for entry in chosen if entry.number == "04")
    handout = folder / "handouts" / f"{entry.path.stem}.html"
    overflow = ("() => [...document.querySelectorAll('table')].filter(table => "
                "table.getBoundingClientRect().width > "
                "table.parentElement.getBoundingClientRect().width + 1).length")
    page = chromium.new_page(viewport={"width": pdf.A4_TEXT_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    page.goto(handout.as_uri(), wait_until="load")
    too_wide = page.evaluate(overflow)
    page.evaluate(pdf.FIT_TABLES)
    assert too_wide >= 1 and page.evaluate(overflow) == 0, too_wide
    page.close()
