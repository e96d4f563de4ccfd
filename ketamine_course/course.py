"""The map of the course: its notebooks, in order, with the time each takes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


@dataclass(frozen=True)
class Notebook:
    file: str
    title: str
    minutes: int  # estimated time to work through it, exercises included

    @property
    def available(self) -> bool:
        return (NOTEBOOK_DIR / self.file).is_file()


NOTEBOOKS = (
    Notebook("00_start_here.ipynb", "Start here", 15),
    Notebook("01_what_is_ketamine.ipynb", "What is ketamine?", 25),
    Notebook("02_mental_health_uses.ipynb", "Ketamine in mental-health treatment", 50),
    Notebook("03_mechanism_of_action.ipynb", "Mechanism of action", 40),
    Notebook("04_routes_of_administration.ipynb", "Routes of administration", 40),
    Notebook("05_safety_and_side_effects.ipynb", "Safety and side effects", 35),
    Notebook("06_regulatory_status.ipynb", "Regulatory status", 25),
    Notebook("07_ethics_and_access.ipynb", "Ethical and practical challenges", 35),
    Notebook("08_conclusion_and_review.ipynb", "Conclusion and review", 30),
)


def course_map():
    """The notebooks as a table: number, title, minutes, and whether it exists yet."""
    import pandas as pd

    return pd.DataFrame(
        {
            "Notebook": [notebook.file[:2] for notebook in NOTEBOOKS],
            "Title": [notebook.title for notebook in NOTEBOOKS],
            "Minutes": [notebook.minutes for notebook in NOTEBOOKS],
            "Status": ["available" if notebook.available else "coming"
                       for notebook in NOTEBOOKS],
        }
    ).set_index("Notebook")
