"""Handouts: standalone HTML per notebook, readable offline, accessible (axe-core,
WCAG 2 A/AA), interactive figures shown as static images with alt text."""

from __future__ import annotations

import html
import importlib.util
import json
import re

import pytest

from browser import offline_page
from conftest import NOTEBOOKS, ROOT, stored_image

pytestmark = pytest.mark.slow
AXE = ROOT / "lecturer" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def load_build():
    spec = importlib.util.spec_from_file_location("lecturer_build", ROOT / "lecturer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    if not AXE.exists():
        pytest.fail("lecturer/node_modules is missing: `make test` runs `npm ci --prefix lecturer`")
    out = tmp_path_factory.mktemp("handouts")
    return {page.stem: page for page in load_build().build("handouts", out)}


def static_image_count(notebook_path) -> int:
    """Image outputs a reader without a kernel should see (static views included)."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    return sum(stored_image(output.get("data", {})) is not None
               for cell in notebook["cells"] for output in cell.get("outputs", []))


def test_one_handout_per_notebook(handouts):
    assert sorted(handouts) == [path.stem for path in NOTEBOOKS]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_handout_is_offline_accessible_and_shows_static_figures(handouts, chromium, notebook):
    page_path = handouts[notebook.stem]
    html = page_path.read_text(encoding="utf-8")
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html), \
        "a handout must not load scripts or styles from the network"
    page, blocked = offline_page(chromium)
    try:
        page.goto(page_path.as_uri(), wait_until="load")
        assert blocked == [], f"requests to the network: {blocked}"
        images = page.locator("img")
        assert images.count() >= static_image_count(notebook)
        for index in range(images.count()):
            alt = images.nth(index).get_attribute("alt")
            assert alt and len(alt.split()) >= 5, f"image {index} has no useful alt text"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async tags => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_TAGS)
    finally:
        page.close()
    violations = [(item["id"], item["help"], [node["target"] for node in item["nodes"]][:3])
                  for item in result["violations"]]
    assert violations == [], violations
    assert result["passes"], "axe ran no checks"


def test_handouts_leave_out_speaker_notes_and_the_lecturer_edition_keeps_them(handouts,
                                                                              tmp_path):
    """Learners' handouts have no speaker notes and no quiz code (its answer= would give
    the answers away), only the model cells' code; the lecturer edition has every note
    and every input."""
    build = load_build()
    notebook = NOTEBOOKS[4]
    notes = sum(cell["metadata"].get("slideshow", {}).get("slide_type") == "notes"
                for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"])
    assert notes >= 3
    learners = handouts[notebook.stem].read_text(encoding="utf-8")
    assert "Speaker notes:" not in learners
    (lecturer,) = build.build("lecturer-handouts", tmp_path, [
        entry for entry in __import__("ketamine_course.course", fromlist=["notebooks"])
        .notebooks() if entry.path == notebook])
    lecturer_text = lecturer.read_text(encoding="utf-8")
    assert lecturer_text.count("Speaker notes:") == notes
    def code_text(page: str) -> str:  # highlighted code is split into spans
        return html.unescape(re.sub(r"<[^>]+>", "", page))

    assert "answer=" not in code_text(learners) and "answer=" in code_text(lecturer_text)
    assert "celltag_teaching-model" in learners  # the model's code stays for learners


def test_handout_tables_read_from_the_left(handouts, chromium):
    page, _ = offline_page(chromium)
    page.goto(handouts[NOTEBOOKS[4].stem].as_uri(), wait_until="load")
    aligned = page.evaluate("Array.from(document.querySelectorAll('td, th'))"
                            ".map(cell => getComputedStyle(cell).textAlign)")
    page.close()
    assert aligned and set(aligned) <= {"left", "start"}, set(aligned)
