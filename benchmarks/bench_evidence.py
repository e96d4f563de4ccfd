"""Evidence explorer (notebook 02): filter change to new PNG, timed. Prints; asserts nothing.

    .venv/bin/python benchmarks/bench_evidence.py

Measures, in one process with Agg, the median time from setting a menu's value to the
updated PNG the front end receives (filtering, redrawing the study map with blitting,
PNG encoding, the table's HTML), against the naive approach of drawing the whole figure
again and saving it as PNG, as an ``interact`` callback would.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib.pyplot as plt  # noqa: E402
from timing import cycle, median_ms, report  # noqa: E402

from ketamine_course import evidence  # noqa: E402
from ketamine_course.diagrams.evidence import StudyMap  # noqa: E402
from ketamine_course.widgets.evidence import evidence_explorer  # noqa: E402

TARGET_MS = 30
INDICATIONS = [evidence.ALL, *evidence.indications()]


def main():
    explorer = evidence_explorer()
    menu = explorer.controls["indication"]
    values = cycle(INDICATIONS)

    def live_update(index):
        menu.value = values(index)
        return explorer.live.png

    def naive_update(index):
        rows = evidence.filter_trials(explorer.table, indication=values(index))
        study_map = StudyMap(explorer.table)
        study_map.select(rows)
        buffer = io.BytesIO()
        study_map.fig.savefig(buffer, format="png")
        plt.close(study_map.fig)
        return buffer.getvalue()

    print("evidence explorer: filter change -> updated PNG (median of 50, in-process, Agg)")
    report("filter change, blitted LiveFigure (what the explorer does)", median_ms(live_update),
           TARGET_MS)
    report("naive: rebuild the figure and savefig each time", median_ms(naive_update))


if __name__ == "__main__":
    main()
