"""Start a new notebook from the course template, with the full anatomy in place.

    make new-notebook NAME=09_topic TITLE="A new topic" MINUTES=30

writes notebooks/NAME.ipynb (title, overview, learning objectives, estimated time,
prerequisites, one section with a figure and its caption, speaker notes, a self-check,
key points, further reading, references and the disclaimer, each with its slide role)
and adds the notebook to the course registry, data/course.csv. Every placeholder says
what belongs in it; replace them, then run `make notebooks NOTEBOOKS=notebooks/NAME.ipynb`.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from .course import NOTEBOOK_DIR, TABLE, notebooks
from .data import DATA_DIR

DISCLAIMER = ("## Disclaimer\n\n"
              "This notebook is for education only. It is not medical advice and does not "
              "recommend any treatment, dose or course of action for any person. Doses appear "
              "only as what trials and drug labels used. Anyone considering treatment should "
              "talk to a qualified healthcare professional.")


# Text of the template that an author must replace; a test fails while any is left.
PLACEHOLDERS = ("One paragraph: what this notebook teaches", "First thing a learner can do",
                "## 1. The first section", "What the figure shows, in one or two sentences",
                "What the lecturer says on this slide", "A question that checks the section",
                "- First point.", "A source a learner can open next.")


def template_cells(title: str, minutes: int, number: str) -> list[tuple[str, str, str]]:
    """The template as (cell type, slide role, source), in notebook order."""
    return [
        ("markdown", "slide", f"# {title}"),
        ("markdown", "slide", "## Overview\n\nOne paragraph: what this notebook teaches, why "
                              "it matters, and how it teaches it (which figures and widgets)."),
        ("markdown", "slide", "## Learning objectives\n\n- First thing a learner can do "
                              "afterwards.\n- Second thing a learner can do afterwards.\n\n"
                              f"**Estimated time:** {minutes} minutes"),
        ("markdown", "slide", "## Prerequisites\n\n| Concept | Importance | Notes |\n"
                              "| --- | --- | --- |\n| Notebook 00 (Start here) | Necessary | "
                              "How figures, widgets, alt text and sources work in this course |"),
        ("code", "skip", "from IPython.display import Markdown\n\n"
                         "from ketamine_course import quiz, style, tables\n"
                         "from ketamine_course.diagrams.history import timeline_alt, "
                         "timeline_chart\n"
                         "from ketamine_course.references import notebook_references\n\n"
                         "tables.show_text_in_full()"),
        ("markdown", "slide", "## 1. The first section\n\nTeach through a figure, a table or a "
                              "widget drawn by `ketamine_course`; keep drawing code out of the "
                              "notebook. Say how strong the evidence is."),
        ("code", "-", "style.show(timeline_chart(), alt=timeline_alt())"),
        ("markdown", "-", "**Figure 1:** What the figure shows, in one or two sentences. "
                          "Source: `data/timeline.csv`."),
        ("markdown", "notes", "**Speaker notes:** What the lecturer says on this slide, a "
                              "question to ask the room, and the weak points to name aloud."),
        ("markdown", "slide", "## Check yourself\n\nChoose an answer and press **Check** for "
                              "feedback."),
        ("code", "-", "quiz.show(\n    quiz.Question(\n"
                      "        prompt=\"A question that checks the section's main point?\",\n"
                      "        options=(\"The correct answer\", \"A plausible wrong answer\"),\n"
                      "        answer=\"The correct answer\",\n"
                      "        explanation=\"Why it is right, and what the wrong answer "
                      "misses.\",\n    ),\n)"),
        ("markdown", "slide", "## Key points\n\n- First point.\n- Second point.\n- Third point."),
        ("markdown", "slide", "## Further reading\n\n- A source a learner can open next."),
        ("markdown", "slide", "## References"),
        # The tables the notebook shows; notebook_references adds every [key] its text cites.
        ("code", "-", f'Markdown(notebook_references("{number}", "timeline"))'),
        ("markdown", "slide", DISCLAIMER),
    ]


def new_notebook(name: str, title: str, minutes: int, notebook_dir: Path = NOTEBOOK_DIR,
                 data_dir: Path = DATA_DIR) -> Path:
    """Write the template as ``notebook_dir/name.ipynb`` and register it in course.csv."""
    import nbformat

    if not re.fullmatch(r"[0-9]{2}_[a-z0-9_]+", name):
        raise ValueError(f"NAME must be two digits, an underscore and a lower-case name, "
                         f"such as 09_new_topic; got {name!r}.")
    if not title.strip():
        raise ValueError("TITLE must not be empty.")
    if minutes < 5:
        raise ValueError(f"MINUTES must be 5 or more; got {minutes}.")
    path = Path(notebook_dir) / f"{name}.ipynb"
    taken = {notebook.number for notebook in notebooks(data_dir)}
    if path.exists() or name[:2] in taken:
        raise ValueError(f"notebook {name[:2]} already exists; choose the next free number.")
    notebook = nbformat.v4.new_notebook()
    for kind, role, source in template_cells(title, minutes, name[:2]):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        notebook.cells.append(make(source, metadata={"slideshow": {"slide_type": role}}))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                       "language": "python"}
    nbformat.write(notebook, path)
    with (Path(data_dir) / f"{TABLE}.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [name[:2], path.name, title, title[:40], minutes])
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ketamine_course.new_notebook",
                                     description="Start a notebook from the course template.")
    parser.add_argument("name", help="file name without .ipynb, e.g. 09_new_topic")
    parser.add_argument("title", help="the notebook's title (its first heading)")
    parser.add_argument("minutes", type=int, help="estimated time in minutes")
    args = parser.parse_args(argv)
    try:
        path = new_notebook(args.name, args.title, args.minutes)
    except ValueError as error:
        parser.exit(2, f"new-notebook: {error}\n")
    print(f"Wrote {path} and added it to data/{TABLE}.csv. Replace the placeholders, then run "
          f"`make notebooks NOTEBOOKS=notebooks/{path.name}`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
