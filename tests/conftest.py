"""Shared fixtures: the repository root, and copies of data/ to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ in a temp dir; tests break it without touching data/."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target
