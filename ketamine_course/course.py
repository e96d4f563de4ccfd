"""The map of the course: its notebooks in teaching order, with titles and times.

The one registry of notebooks is data/course.csv. Notebook 00's course map, the lecturer
guide, the slide and handout builds and the tests all read it through :func:`notebooks`,
and a test checks each row against the notebook's first heading and stated time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .data import DATA_DIR, load
from .location import course_dir

# None outside a course: loading the registry then raises location.CourseNotFound.
NOTEBOOK_DIR = DATA_DIR.parent / "notebooks" if DATA_DIR is not None else None
TABLE = "course"


@dataclass(frozen=True)
class Notebook:
    number: str
    file: str
    title: str
    short_title: str
    minutes: int  # estimated time to work through it, exercises included

    @property
    def path(self) -> Path:
        return (NOTEBOOK_DIR if NOTEBOOK_DIR is not None else course_dir() / "notebooks") \
            / self.file


def notebooks(data_dir=None) -> list[Notebook]:
    """The notebooks of data/course.csv, in teaching order."""
    table = load(TABLE, data_dir).sort_values("number", kind="stable")
    return [Notebook(row.number, row.file, row.title, row.short_title, int(row.minutes))
            for row in table.itertuples(index=False)]


def course_map(data_dir=None):
    """The notebooks as a table for reading: number, title and minutes."""
    import pandas as pd

    chosen = notebooks(data_dir)
    return pd.DataFrame({
        "Notebook": [notebook.number for notebook in chosen],
        "Title": [notebook.title for notebook in chosen],
        "Minutes": [notebook.minutes for notebook in chosen],
    }).set_index("Notebook")
