"""Shared fixtures: the repository root, and copies of data/ to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import pytest

from ketamine_course import course

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
# The notebooks in teaching order, from the course registry (data/course.csv).
NOTEBOOKS = [notebook.path for notebook in course.notebooks()]


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
