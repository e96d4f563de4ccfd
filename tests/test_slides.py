"""Slides: every cell has a slide role, speaker notes stay out of the audience's view,
and `make slides` output renders offline with reveal.js from npm, not a CDN."""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pytest

from browser import offline_page
from conftest import NOTEBOOKS, ROOT

sys.path.insert(0, str(ROOT / "lecturer"))
import slide_metadata  # noqa: E402
import slide_overflow  # noqa: E402

IDS = [path.stem for path in NOTEBOOKS]


def roles(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(cell["metadata"]["slideshow"]["slide_type"], "".join(cell["source"]))
            for cell in cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_cell_has_a_slide_role(path):
    assert slide_metadata.missing(path) == [], "run `python lecturer/slide_metadata.py`"
    assert roles(path)[0][0] == "slide"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_speaker_notes_exist_and_are_marked(path):
    notes = [source for role, source in roles(path) if role == "notes"]
    assert notes, f"{path.name}: no speaker notes"
    assert all(source.startswith(slide_metadata.NOTES_MARK) for source in notes)


def test_headings_start_slides_and_notes_are_recognised():
    cell = {"cell_type": "markdown", "metadata": {}, "source": ["## Mechanism\n", "Text"]}
    assert slide_metadata.role_of(cell) == "slide"
    cell["source"] = ["**Speaker notes:** say this"]
    assert slide_metadata.role_of(cell) == "notes"
    split = slide_metadata.split_at_headings(
        [{"cell_type": "markdown", "metadata": {"a": 1}, "id": "x",
          "source": ["# Title\n", "intro\n", "## Part\n", "body"]}])
    assert ["".join(cell["source"]) for cell in split] == ["# Title\nintro", "## Part\nbody"]
    assert split[0]["metadata"] == {"a": 1} and split[1]["metadata"] == {}


def load_build():
    spec = importlib.util.spec_from_file_location("lecturer_build", ROOT / "lecturer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """Every notebook's slides, built once for the browser tests."""
    return load_build().build("slides", tmp_path_factory.mktemp("slides"))


@pytest.mark.slow
def test_slides_render_offline_with_notes_hidden(decks, chromium):
    """Each deck: no CDN, one section per slide, speaker notes once and hidden, teaching code
    only, table text reading from the left as in the notebooks."""
    assert [page.name for page in decks] == [f"{stem}.slides.html" for stem in IDS]
    html = decks[0].read_text(encoding="utf-8")
    assert "unpkg.com" not in html and "cdnjs" not in html
    for notebook, page_path in zip(NOTEBOOKS, decks, strict=True):
        page, problems = offline_page(chromium)
        page.goto(page_path.as_uri(), wait_until="load")
        page.wait_for_selector(".reveal.ready", timeout=15000)
        expected_slides = sum(role == "slide" for role, _ in roles(notebook))
        assert page.locator(".slides > section").count() == expected_slides
        notes = [source for role, source in roles(notebook) if role == "notes"]
        aside = page.locator("aside.notes")
        assert aside.count() == len(notes), "each note once, on its slide's first page"
        first_note = notes[0].split("**", 2)[2].strip()[:40]
        assert first_note in aside.first.inner_text()
        assert not aside.first.is_visible(), "speaker notes must not show on the slide"
        aligned = page.evaluate("[...document.querySelectorAll('.reveal td, .reveal th')]"
                                ".map(cell => getComputedStyle(cell).textAlign)")
        assert set(aligned) <= {"left", "start"}, f"{page_path.name}: table text aligned"
        code = re.findall(r'<div class="jp-Cell jp-CodeCell[^"]*"',
                          page_path.read_text(encoding="utf-8"))
        shown = [cell for cell in code if "celltag_remove_input" not in cell]
        assert all("celltag_teaching-model" in cell for cell in shown), \
            f"{page_path.name}: plumbing code on a slide"
        page.close()
        assert problems == [], f"{page_path.name}: {problems}"


def quiz_questions(path) -> list[dict]:
    import guide
    from ketamine_course import quiz

    review = [{"prompt": question.prompt, "options": question.options}
              for question in quiz.review_questions()] if path.stem.startswith("08") else []
    return guide.notebook_questions(path) + review


@pytest.mark.slow
def test_every_slide_fits_a_projector_and_quizzes_show_as_questions(decks, chromium):
    """At 1280x720 no slide runs past the bottom or the right edge (long slides continue
    on sub-slides), no slide shows a quiz's Python definition, and every self-check
    question appears with all its options on one slide."""
    for notebook, deck in zip(NOTEBOOKS, decks, strict=True):
        page = slide_overflow.open_deck(chromium, deck)
        slides = slide_overflow.every_slide(page)
        page.close()
        too_big = [(slide["position"], slide["start"], slide["tall"], slide["wide"])
                   for slide in slides if slide_overflow.too_big(slide)]
        assert too_big == [], f"{deck.name}: slides that do not fit"
        text = "\n".join(slide["text"] for slide in slides)
        assert "quiz.Question(" not in text and "quiz.show(" not in text
        questions = quiz_questions(notebook)
        assert questions, notebook.name
        pages = [re.sub(r"\s+", " ", slide["text"]) for slide in slides]
        for question in questions:
            words = [re.sub(r"\s+", " ", part)
                     for part in (question["prompt"], *question["options"])]
            assert any(all(part in page for part in words) for page in pages), \
                f"{deck.name}: {question['prompt']!r} not whole on one slide"


@pytest.mark.slow
def test_a_long_slide_continues_on_sub_slides(tmp_path, chromium):
    """A slide with a 40-row table and a long list becomes several sub-slides that each fit:
    every row and item once and in order, the table's header on every page, a
    "(continued)" line naming the slide, the speaker notes on the first page only. A figure
    too tall for a slide continues in slices; one that leaves no room for its caption gives
    up some height and keeps its caption on its page."""
    from types import SimpleNamespace

    import nbformat
    import pandas as pd
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from ketamine_course import style

    def cell(kind, role, *args, **kwargs):
        made = kind(*args, **kwargs)
        made.metadata["slideshow"] = {"slide_type": role}
        return made

    # A tall figure: black bars 110 px high with 40 px of white between them (a slice of
    # the slides' figure height, 470 px, would end inside a bar).
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (1600, 3600), "white")  # wider than the slide's column
    draw = ImageDraw.Draw(picture)
    bars = [(top, top + 110) for top in range(0, 3600, 150)]
    for top, bottom in bars:
        draw.rectangle([0, top, 1599, bottom - 1], fill="black")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    figure = style.img_tag(buffer.getvalue(), "Twenty-four black bars, one above the other.")
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "gray").save(buffer, format="PNG")
    wide_figure = style.img_tag(buffer.getvalue(), "A grey rectangle.")
    caption = ("**Figure 1:** a caption long enough to run over two lines of the slide, so "
               "that a figure at its full slide height and this caption cannot share a page.")
    table = pd.DataFrame({"row": [f"row-{number:02d}" for number in range(40)],
                          "value": range(40)}).to_html(index=False)
    items = "\n".join(f"- item-{number:02d}: a line of text long enough to wrap once on "
                      f"the slide, so that the list runs past the bottom" for number in range(16))
    notebook = new_notebook(cells=[
        cell(new_markdown_cell, "slide", "# A deck"),
        cell(new_markdown_cell, "slide", "## Long slide\n\nAn opening paragraph."),
        cell(new_code_cell, "-", "table", outputs=[
            new_output("display_data", {"text/html": table, "text/plain": "table"})]),
        cell(new_markdown_cell, "notes", "**Speaker notes:** only once."),
        cell(new_markdown_cell, "-", items),
        cell(new_markdown_cell, "slide", "## Short slide\n\nIt fits."),
        cell(new_markdown_cell, "subslide", "A sub-slide of the notebook's own, untitled."),
        cell(new_markdown_cell, "slide", "## Tall figure"),
        cell(new_code_cell, "-", "figure", outputs=[
            new_output("display_data", {"text/html": figure, "text/plain": "figure"})]),
        cell(new_markdown_cell, "slide", "## Captioned figure"),
        cell(new_code_cell, "-", "figure", outputs=[
            new_output("display_data", {"text/html": wide_figure, "text/plain": "figure"})]),
        cell(new_markdown_cell, "-", caption),
    ])
    path = tmp_path / "99_long.ipynb"
    nbformat.write(notebook, path)
    [deck] = load_build().build("slides", tmp_path / "slides",
                                [SimpleNamespace(path=path, title="A deck")])
    page = slide_overflow.open_deck(chromium, deck)
    slides = slide_overflow.every_slide(page)
    slices = page.evaluate("""() => [...document.querySelectorAll('.figure-slice img')]
        .map(img => ({alt: img.alt, top: -parseFloat(img.style.marginTop),
                      scale: parseFloat(img.style.width) / img.naturalWidth,
                      cut: img.getBoundingClientRect().right
                           - img.parentElement.getBoundingClientRect().right}))""")
    pages = page.evaluate("""() => [...document.querySelectorAll(
        '.reveal .slides > section:nth-of-type(2) > section')].map(section => ({
          heads: [...section.querySelectorAll('thead th')].map(th => th.innerText),
          rows: [...section.querySelectorAll('tbody tr td:first-child')]
            .map(td => td.innerText),
          notes: section.querySelectorAll('aside.notes').length}))""")
    grey = page.evaluate("""() => [...document.querySelectorAll('img')]
        .filter(img => img.alt === 'A grey rectangle.')
        .map(img => img.getBoundingClientRect().height / img.naturalHeight)""")
    page.close()
    assert [slide for slide in slides if slide_overflow.too_big(slide)] == []
    long_pages = [slide for slide in slides if slide["position"].startswith("1/")]
    tall_pages = [slide for slide in slides if slide["position"].startswith("3/")]
    captioned = [slide for slide in slides if slide["position"].startswith("4/")]
    short_pages = [slide["text"].lower() for slide in slides if slide["position"].startswith("2/")]
    assert len(long_pages) >= 3 and \
        len(slides) == len(long_pages) + len(tall_pages) + len(captioned) + len(short_pages) + 1
    # The notebook's own untitled sub-slide names the slide it continues.
    assert len(short_pages) == 2 and short_pages[1].startswith("short slide (continued)\n")
    # The captioned figure: one page, caption included, the figure shrunk (not below 80%
    # of the slides' figure height, 470 px; reveal.js scales slide pixels to the screen).
    assert len(captioned) == 1 and "Figure 1:" in captioned[0]["text"]
    assert len(grey) == 1 and 0.8 * 470 / 600 <= grey[0] < 470 / 600
    # The tall figure: at the column's width (no wider than its own), in slices on successive
    # pages, each cut in the white between two bars; the first slice carries the description.
    assert len(slices) >= 4 and len(tall_pages) >= 4
    assert slices[0]["alt"].startswith("Twenty-four black bars") and \
        all(one["alt"] == "" for one in slices[1:])
    assert len({one["scale"] for one in slices}) == 1, "every slice at the same size"
    assert all(one["cut"] <= 0.5 for one in slices), "nothing cut off at the right"
    cuts = [one["top"] / one["scale"] for one in slices[1:]]
    assert all(not any(top <= cut < bottom for top, bottom in bars) for cut in cuts), cuts
    starts = [slide["text"].lower() for slide in long_pages]  # headings show in capitals
    assert starts[0].startswith("long slide\n")
    assert all(start.startswith("long slide (continued)\n") for start in starts[1:])
    rows = [row for one in pages for row in one["rows"]]
    assert rows == [f"row-{number:02d}" for number in range(40)], "each row once, in order"
    assert all(one["heads"] == ["row", "value"] for one in pages if one["rows"])
    text = "\n".join(slide["text"] for slide in long_pages)
    found = re.findall(r"item-(\d\d)", text)
    assert found == [f"{number:02d}" for number in range(16)], "each item once, in order"
    assert [one["notes"] for one in pages] == [1] + [0] * (len(pages) - 1)


def test_only_the_set_up_cell_is_left_out_of_the_slides():
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        skipped = [cell for cell in cells if cell["cell_type"] == "code"
                   and cell["metadata"]["slideshow"]["slide_type"] == "skip"]
        assert len(skipped) <= 1, f"{path.name}: figures or tables hidden from the slides"
    code = {"cell_type": "code", "metadata": {}, "source": ["x"], "outputs": []}
    assert slide_metadata.role_of(code, first_code=True) == "skip"
    assert slide_metadata.role_of(code) == "-"


def test_slides_show_teaching_code_only():
    """The model cells keep their code on a slide; every other input (figure calls, quiz
    definitions) is hidden, and its output stays."""
    from nbformat.v4 import new_code_cell, new_notebook

    build = load_build()
    teaching = new_code_cell("k = clearance / volume")
    teaching.metadata["tags"] = [build.TEACHING_TAG]
    plumbing = [new_code_cell("style.show(chart(), alt=alt())"),
                new_code_cell("quiz.show(quiz.Question(prompt='?'))")]
    hidden = build.hide_plumbing(new_notebook(cells=[teaching, *plumbing]))
    assert [cell.metadata.get("tags") for cell in hidden.cells] == [
        [build.TEACHING_TAG], [build.HIDE_INPUT_TAG], [build.HIDE_INPUT_TAG]]
    assert teaching.metadata["tags"] == [build.TEACHING_TAG], "the notebook itself unchanged"
