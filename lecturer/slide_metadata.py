"""Give every notebook cell its slide role, so the notebooks present as slides.

    python lecturer/slide_metadata.py notebooks/*.ipynb          # fill in missing roles
    python lecturer/slide_metadata.py --check notebooks/*.ipynb  # list cells without one

A role an author set by hand (in JupyterLab: Property Inspector > Slide Type) is kept.
First, a Markdown cell that holds several headings is split so that each heading
starts a cell of its own. Then missing roles follow the notebook's structure:

- "# " and "## " headings start a slide, "### " headings a sub-slide;
- a Markdown cell that starts with "**Speaker notes" is a note: reveal.js shows it in
  the speaker view only (press S), never to the audience;
- the first code cell (imports and set-up) is skipped; every other cell continues the
  current slide, so a figure and its caption stay together.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from pathlib import Path

ROLES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
NOTES_MARK = "**Speaker notes"


def role_of(cell: dict, first_code: bool = False) -> str:
    source = "".join(cell["source"]).lstrip()
    if cell["cell_type"] == "markdown":
        if source.startswith(("# ", "## ")):
            return "slide"
        if source.startswith("### "):
            return "subslide"
        if source.startswith(NOTES_MARK):
            return "notes"
        return "-"
    return "skip" if first_code else "-"


HEADING = re.compile(r"^(?=#{1,3} )", re.M)


def split_at_headings(cells: list[dict]) -> list[dict]:
    """Markdown cells split before every heading after their first line."""
    result = []
    for cell in cells:
        source = "".join(cell["source"])
        parts = [part for part in HEADING.split(source) if part.strip()]
        if cell["cell_type"] != "markdown" or len(parts) < 2:
            result.append(cell)
            continue
        for number, part in enumerate(parts):
            piece = dict(cell, metadata=dict(cell["metadata"]) if number == 0 else {},
                         id=cell.get("id") if number == 0 else uuid.uuid4().hex[:8])
            piece["source"] = part.rstrip("\n").splitlines(keepends=True)
            result.append(piece)
    return result


def missing(path: Path) -> list[int]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [index for index, cell in enumerate(cells)
            if cell["metadata"].get("slideshow", {}).get("slide_type") not in ROLES]


def fill(path: Path) -> int:
    """Add the missing roles in place; returns how many cells changed."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = split_at_headings(notebook["cells"])
    changed = len(cells) - len(notebook["cells"])
    notebook["cells"] = cells
    first_code = next((cell for cell in cells if cell["cell_type"] == "code"), None)
    for cell in cells:
        if cell["metadata"].get("slideshow", {}).get("slide_type") not in ROLES:
            cell["metadata"]["slideshow"] = {"slide_type": role_of(cell, cell is first_code)}
            changed += 1
    if changed:
        # The same layout Jupyter writes, so saving in JupyterLab changes nothing more.
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(arg) for arg in argv if arg != "--check"]
    problems = 0
    for path in paths:
        if check:
            for index in missing(path):
                print(f"{path}: cell {index} has no slide type")
                problems += 1
        else:
            print(f"{path}: {fill(path)} cell(s) given a slide type")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
