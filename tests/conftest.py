"""Shared fixtures and helpers: the repository root, copies of data/ to break on purpose,
and the helpers that edit those copies and check the error a broken table gives."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import matplotlib
import pytest

from ketamine_course import course
from ketamine_course.data import DataError, load

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
# The notebooks in teaching order, from the course registry (data/course.csv).
NOTEBOOKS = [notebook.path for notebook in course.notebooks()]


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module (tests/browser.py): launching one takes about
    a second, so the browser tests of a module share it, each in pages of its own."""
    from browser import browser

    with browser() as instance:
        yield instance


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ in a temp dir; tests break it without touching data/."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def stored_image(data: dict) -> tuple[bytes, str] | None:
    """The figure in an output bundle: (PNG bytes, alt text) of its HTML <img>, or None.

    Figures are stored once, as an <img> with alt text in text/html (style.image_bundle).
    """
    import base64
    import html
    import re

    found = re.search(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"',
                      "".join(data.get("text/html", "")))
    return (base64.b64decode(found[1]), html.unescape(found[2])) if found else None


# --- editing a copy of data/, and the error it must give ----------------------------------

def rows_of(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path, rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def edit_cell(path, line, column, value):
    """Set the cell at file line ``line`` (header = 1) and ``column`` to ``value``."""
    rows = rows_of(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def expect_error(data_dir, table, *, file, line, column, rule_part):
    with pytest.raises(DataError) as caught:
        load(table, data_dir)
    error = caught.value
    assert error.file.endswith(file), str(error)
    assert error.line == line, str(error)
    assert error.column == column, str(error)
    assert rule_part in error.rule, str(error)
    message = str(error)
    assert file in message and rule_part in message
    if line is not None:
        assert f"line {line}" in message
    if column is not None:
        assert f"column '{column}'" in message
    return error
