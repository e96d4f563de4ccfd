"""No notebook copies helper code that the package provides.

Helpers live once, in ketamine_course; a notebook calls them. Three checks:

- no code cell repeats a run of consecutive lines from a function of the package
  (lines are compared after removing indentation, comments and lines too generic to tell
  anything, such as imports, ``return`` or a closing bracket);
- no two notebooks share such a run of lines (the same code pasted into both);
- no code cell defines a function, class or lambda, except cells tagged ``teaching-model``,
  where the code itself is the lesson (read from the syntax tree, so ``name = lambda``
  counts too).

A run is WINDOW lines long: shorter runs are mostly calls that every notebook makes
(``style.show(...)``), longer ones would let a pasted three-line helper through. The
last test shows the detector catching a pasted helper, so a silent pass means something.
"""

from __future__ import annotations

import ast
import json
import re
from itertools import combinations
from pathlib import Path

import pytest

from conftest import NOTEBOOKS, ROOT

WINDOW = 3
TEACHING_TAG = "teaching-model"
PACKAGE = ROOT / "ketamine_course"
# Lines that say nothing about where the code came from.
GENERIC = re.compile(r"[)\]}]+,?|else:|try:|finally:|pass|return|continue|break|"
                     r"import .+|from \S+ import .+|@\w+")


def normalise(source: str) -> list[str]:
    """Code lines with indentation, comments, blank and generic lines removed."""
    lines = []
    for raw in source.splitlines():
        line = " ".join(raw.split())
        if line.startswith("#"):
            continue
        line = re.sub(r"\s+#[^\"']*$", "", line)  # a trailing comment without quotes in it
        if line and not GENERIC.fullmatch(line):
            lines.append(line)
    return lines


def runs(lines: list[str], size: int = WINDOW) -> set[tuple[str, ...]]:
    return {tuple(lines[start:start + size]) for start in range(len(lines) - size + 1)}


def function_bodies(path: Path) -> dict[str, list[str]]:
    """Each function and method of a module: its qualified name -> normalised body lines."""
    source = path.read_text(encoding="utf-8")
    bodies = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                body = child.body
                if body and isinstance(body[0], ast.Expr) and \
                        isinstance(getattr(body[0], "value", None), ast.Constant) and \
                        isinstance(body[0].value.value, str):
                    body = body[1:]  # the docstring
                text = "\n".join(ast.get_source_segment(source, statement) or ""
                                 for statement in body)
                name = f"{prefix}{child.name}"
                bodies[name] = normalise(text)
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(ast.parse(source), f"{path.relative_to(ROOT).with_suffix('')}:".replace("/", "."))
    return bodies


def package_runs() -> dict[tuple[str, ...], str]:
    """Every run of WINDOW lines in the package's functions -> the function it comes from."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for name, lines in function_bodies(path).items():
            for run in runs(lines):
                found.setdefault(run, name)
    return found


def code_cells(path: Path) -> list[tuple[int, dict]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(index, cell) for index, cell in enumerate(cells) if cell["cell_type"] == "code"]


def is_teaching_model(cell) -> bool:
    return TEACHING_TAG in cell.get("metadata", {}).get("tags", [])


def cell_source(cell) -> str:
    source = "".join(cell["source"])
    # IPython magics and shell escapes are not Python; drop them before parsing.
    return "\n".join(line for line in source.splitlines()
                     if not line.lstrip().startswith(("%", "!")))


def copied_runs(source: str, known: dict[tuple[str, ...], str]) -> list[str]:
    """Names of package functions whose lines ``source`` repeats."""
    return sorted({known[run] for run in runs(normalise(source)) if run in known})


def definitions(source: str) -> list[str]:
    """Kinds of the functions, classes and lambdas that ``source`` defines."""
    return [type(node).__name__ for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                          | ast.Lambda)]


IDS = [path.name for path in NOTEBOOKS]


@pytest.fixture(scope="module")
def known_runs():
    found = package_runs()
    assert len(found) > 100, "the package's functions were not read"
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_cell_repeats_package_code(path, known_runs):
    for index, cell in code_cells(path):
        if is_teaching_model(cell):
            continue  # a teaching model is code written to be read, by design
        copied = copied_runs(cell_source(cell), known_runs)
        assert not copied, (f"{path.name}, cell {index} repeats code of {', '.join(copied)}: "
                            "call the helper instead of pasting it")


def test_no_two_notebooks_share_a_block_of_code():
    blocks = {path.name: set().union(*[runs(normalise(cell_source(cell)))
                                       for _, cell in code_cells(path)] or [set()])
              for path in NOTEBOOKS}
    for first, second in combinations(blocks, 2):
        shared = blocks[first] & blocks[second]
        assert not shared, (f"{first} and {second} share the code {next(iter(shared))}: "
                            "move it into ketamine_course")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_functions_classes_or_lambdas_outside_teaching_models(path):
    for index, cell in code_cells(path):
        if is_teaching_model(cell):
            continue
        defined = definitions(cell_source(cell))
        assert not defined, (f"{path.name}, cell {index} defines {', '.join(defined)}: put it "
                             f"in ketamine_course, or tag the cell {TEACHING_TAG!r}")


def test_the_detector_catches_a_pasted_helper(known_runs):
    """Paste the body of a real helper into a cell: the check must notice it."""

    source = (PACKAGE / "ethics.py").read_text(encoding="utf-8")
    node = next(node for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.FunctionDef) and node.name == "case_studies")
    body = "\n".join(ast.get_source_segment(source, statement) for statement in node.body[1:])
    pasted = "import pandas as pd\n" + body.replace("\n    ", "\n")  # dedented, as in a cell
    assert "ketamine_course.ethics:case_studies" in copied_runs(pasted, known_runs)
    honest = "cases = ethics.case_studies()\nMarkdown(ethics.case_markdown(cases[0], 1))"
    assert copied_runs(honest, known_runs) == []


def test_the_definition_check_reads_syntax_not_text():
    assert definitions("square = lambda x: x * x") == ["Lambda"]
    assert definitions("class Model:\n    pass") == ["ClassDef"]
    assert definitions("label = 'def f(): a lambda in a string'") == []
