"""Slides: every cell has a slide role, speaker notes stay out of the audience's view,
and `make slides` output renders offline with reveal.js from npm, not a CDN."""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pytest

from browser import browser, offline_page
from conftest import NOTEBOOKS, ROOT

sys.path.insert(0, str(ROOT / "lecturer"))
import slide_metadata  # noqa: E402

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


@pytest.mark.slow
def test_slides_render_offline_with_notes_hidden(tmp_path):
    pages = load_build().build("slides", tmp_path)
    assert [page.name for page in pages] == [f"{stem}.slides.html" for stem in IDS]
    html = pages[0].read_text(encoding="utf-8")
    assert "unpkg.com" not in html and "cdnjs" not in html
    with browser() as instance:
        for notebook, page_path in zip(NOTEBOOKS, pages, strict=True):
            page, problems = offline_page(instance)
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_selector(".reveal.ready", timeout=15000)
            expected_slides = sum(role == "slide" for role, _ in roles(notebook))
            assert page.locator(".slides > section").count() == expected_slides
            notes = [source for role, source in roles(notebook) if role == "notes"]
            aside = page.locator("aside.notes")
            assert aside.count() == len(notes)
            first_note = notes[0].split("**", 2)[2].strip()[:40]
            assert first_note in aside.first.inner_text()
            assert not aside.first.is_visible(), "speaker notes must not show on the slide"
            code = re.findall(r'<div class="jp-Cell jp-CodeCell[^"]*"',
                              page_path.read_text(encoding="utf-8"))
            shown = [cell for cell in code if "celltag_remove_input" not in cell]
            assert all("celltag_teaching-model" in cell for cell in shown), \
                f"{page_path.name}: plumbing code on a slide"
            heights = page.evaluate("Array.from(document.querySelectorAll('.reveal section img'))"
                                    ".map(img => getComputedStyle(img).maxHeight)")
            viewport = page.evaluate("window.innerHeight")
            assert heights and set(heights) == {f"{0.62 * viewport:g}px"}, heights  # fits
            rows = page.evaluate("Array.from(document.querySelectorAll('.slides table tbody'))"
                                 ".map(body => body.querySelectorAll('tr').length)")
            assert max(rows, default=0) <= load_build().MAX_SLIDE_TABLE_ROWS
            page.close()
            assert problems == [], f"{page_path.name}: {problems}"


def test_long_tables_continue_on_sub_slides():
    import pandas as pd
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    build = load_build()
    html = pd.DataFrame({"value": range(20)}).to_html()
    cell = new_code_cell("table", outputs=[new_output("execute_result", {"text/html": html})])
    split = build.split_long_tables(new_notebook(cells=[cell]))
    pages = [split.cells[0].outputs[0].data["text/html"]] + \
        [cell.outputs[0].data["text/html"] for cell in split.cells[1:]]
    assert all(cell.metadata["tags"] == [build.HIDE_INPUT_TAG] for cell in split.cells[1:])
    assert len(pages) == 3  # 20 rows at 8 a page
    assert all("<th>value</th>" in page for page in pages), "each page repeats the header"
    shown = [int(value) for page in pages for value in re.findall(r"<td>(\d+)</td>", page)]
    assert shown == list(range(20)), "every row once, in order"
    assert [cell.metadata["slideshow"]["slide_type"] for cell in split.cells[1:]] == \
        ["subslide", "subslide"]
    assert build.table_pages(pd.DataFrame({"value": range(8)}).to_html()) is None


def test_long_markdown_tables_continue_on_sub_slides():
    from nbformat.v4 import new_markdown_cell, new_notebook

    build = load_build()
    rows = "".join(f"| r{number} | {number} |\n" for number in range(11))
    source = f"Intro text.\n\n| Name | Value |\n| --- | --- |\n{rows}\nAfter the table."
    split = build.split_long_tables(new_notebook(cells=[new_markdown_cell(source)]))
    first, second = split.cells[0].source, split.cells[1].source
    assert first.startswith("Intro text.") and "After the table." in first
    assert "| r7 | 7 |" in first and "| r8 | 8 |" not in first
    assert second.startswith("*Table continued (2 of 2)*")
    assert "| Name | Value |" in second and "| r10 | 10 |" in second


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
