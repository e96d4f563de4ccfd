"""Numbers in hand-written text, tied to the data they repeat.

The course states many sourced numbers twice: once in data/ and once in a sentence a
reader sees (notebook Markdown, quiz strings in code cells, the lecturer guide's template,
and the captions, review quiz and case studies in data/). tests/prose_numbers.csv ties
each such number to the data cell it repeats, so that changing the data without the
sentence (or the sentence without the data) fails a test.

Each row of the registry names a file, a phrase found in that file's text, the number as
written in the phrase, and either

- ``table``, ``row`` and ``value``: the data cell the number repeats. ``row`` selects one
  row by its key columns (``population=spravato_label_trd;effect=Dissociation``);
  ``value`` is a column name or a small arithmetic expression over the row's columns
  (``active_pct - placebo_pct``, ``time_min_high / 60``). The written number must equal
  the value rounded to the decimals written ("29" matches 29.4; "29.4" must be 29.4). When
  ``value`` names a text column (a dose inside a trial's description), the cell must still
  contain the number as written; or
- ``reason``: why the number is not a sourced value (course timings, an arithmetic
  illustration whose inputs are bound elsewhere, a number the text defines itself).

``uncovered`` finds every number with a unit in those texts that no row covers, so a new
sentence with a new number fails until it is tied to data or given a reason.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = Path(__file__).resolve().parent / "prose_numbers.csv"
# Data tables whose text columns are prose that repeats numbers from other tables.
PROSE_TABLES = ("review_quiz", "case_studies", "captions")

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
UNIT = (r"(?:%|per ?cent\b|percentage points?\b|points?\b|mg/kg\b|mg\b|micrograms?\b|ng/mL\b"
        r"|mmHg\b|mL/min\b|L/h\b|L/kg\b|L\b|h\b|hours?\b|min\b|minutes?\b|days?\b|weeks?\b"
        r"|months?\b|years?\b|kg\b|µM\b|nM\b|micromolar\b|deaths?\b|patients?\b|people\b"
        r"|participants?\b|users?\b|adults?\b|inpatients?\b|volunteers?\b|trials?\b"
        r"|studies\b|cases?\b|devices?\b|infusions?\b|sessions?\b|doses?\b|times\b|-fold\b)")
# A number followed by a unit, directly or through a range or list ("20 to 40 minutes",
# "56 or 84 mg"), or a group size written "n = 346".
_CONNECTOR = r"(?:\s*(?:to|–|-|and|or|,)\s*)"
_MENTION = re.compile(rf"(?<![\w.,/-])(?<!phase )(?P<first>{NUMBER})"
                      rf"(?P<rest>(?:{_CONNECTOR}{NUMBER})*)\s*{UNIT}"
                      rf"|\bn\s*=\s*(?P<size>{NUMBER})", re.I)
_NUMBER = re.compile(NUMBER)


@dataclass(frozen=True)
class Mention:
    """One number in one segment of text: where it is and how it is written."""

    file: str
    segment: int
    start: int
    end: int
    number: str

    def context(self, text: str) -> str:
        return " ".join(text[max(0, self.start - 50): self.end + 30].split())


def _notebook_segments(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells]


def _prose_table_segments(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.DictReader(handle)
                for name, cell in row.items() if name != "sources" and cell]


def texts(root: Path = ROOT) -> dict[str, list[str]]:
    """Every hand-written text a reader sees, as file -> segments (cells, rows, captions)."""
    found = {f"notebooks/{path.name}": _notebook_segments(path)
             for path in sorted((root / "notebooks").glob("*.ipynb"))}
    found["lecturer/guide_template.md"] = [(root / "lecturer/guide_template.md")
                                           .read_text(encoding="utf-8")]
    for name in PROSE_TABLES:
        found[f"data/{name}.csv"] = _prose_table_segments(root / "data" / f"{name}.csv")
    return found


def mentions(file: str, segment: int, text: str) -> list[Mention]:
    """The numbers with a unit in ``text``, each as its own Mention."""
    found = []
    for match in _MENTION.finditer(text):
        if match["size"] is not None:
            found.append(Mention(file, segment, match.start("size"), match.end("size"),
                                 match["size"]))
            continue
        span_start = match.start("first")
        span = text[span_start: match.end("rest") if match["rest"] else match.end("first")]
        for number in _NUMBER.finditer(span):
            found.append(Mention(file, segment, span_start + number.start(),
                                 span_start + number.end(), number.group()))
    return found


@dataclass(frozen=True)
class Binding:
    line: int
    file: str
    text: str
    number: str
    table: str
    row: str
    value: str
    reason: str

    def where(self) -> str:
        return f"tests/prose_numbers.csv line {self.line} ({self.file}: {self.text!r})"


def read_registry(path: Path = REGISTRY) -> list[Binding]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Binding(line=number, **row)
                for number, row in enumerate(csv.DictReader(handle), start=2)]


def _number_in(text: str, number: str) -> list[int]:
    """Offsets where ``number`` stands as a whole number (not part of a longer one)."""
    pattern = rf"(?<![\d.,]){re.escape(number)}(?!\d|[.,]\d)"
    return [match.start() for match in re.finditer(pattern, text)]


def _written_value(number: str) -> tuple[float, int]:
    digits = number.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return float(digits), decimals


def _select(frame, row: str):
    chosen = frame
    # "column=value;column=value": a ';' starts a new condition only before "name=".
    for condition in re.split(r";(?=\w+=)", row):
        column, _, wanted = condition.partition("=")
        column, wanted = column.strip(), wanted.strip()
        if column not in frame.columns:
            raise KeyError(f"no column {column!r}")
        chosen = chosen[chosen[column].astype("string") == wanted]
    return chosen


def _evaluate(expression: str, row) -> float:
    import pandas as pd

    names = {name: (None if row[name] is None or (isinstance(row[name], float)
                                                   and math.isnan(row[name])) else row[name])
             for name in row.index}
    return float(pd.eval(expression, local_dict=names, engine="python"))


def check_bindings(bindings: list[Binding], root: Path = ROOT, data_dir=None,
                   found: dict[str, list[str]] | None = None) -> list[str]:
    """Problems with the registry against the texts and the data; empty when all agree."""
    from ketamine_course.data import load

    found = texts(root) if found is None else found
    problems = []
    tables = {}
    for binding in bindings:
        segments = found.get(binding.file)
        if segments is None:
            problems.append(f"{binding.where()}: no such text file")
            continue
        holding = [segment for segment in segments if binding.text in segment]
        if not holding:
            problems.append(f"{binding.where()}: the phrase is not in the text any more")
            continue
        if not _number_in(binding.text, binding.number):
            problems.append(f"{binding.where()}: {binding.number!r} is not in the phrase")
            continue
        if not binding.table:
            if not binding.reason:
                problems.append(f"{binding.where()}: give a data cell or a reason")
            continue
        if binding.table not in tables:
            tables[binding.table] = load(binding.table, data_dir)
        frame = tables[binding.table]
        try:
            chosen = _select(frame, binding.row)
        except KeyError as error:
            problems.append(f"{binding.where()}: data/{binding.table}.csv has {error}")
            continue
        if len(chosen) != 1:
            problems.append(f"{binding.where()}: {binding.row!r} selects {len(chosen)} rows of "
                            f"data/{binding.table}.csv, not one")
            continue
        if binding.value in frame.columns and str(frame[binding.value].dtype) == "string":
            cell = str(chosen.iloc[0][binding.value])
            if not _number_in(cell, binding.number):
                problems.append(f"{binding.where()}: data/{binding.table}.csv [{binding.row}] "
                                f"{binding.value} no longer contains {binding.number}")
            continue
        try:
            value = _evaluate(binding.value, chosen.iloc[0])
        except (TypeError, NameError, ValueError, ZeroDivisionError) as error:
            problems.append(f"{binding.where()}: cannot compute {binding.value!r} ({error})")
            continue
        written, decimals = _written_value(binding.number)
        if abs(value - written) > 0.5 * 10 ** -decimals + 1e-9:
            problems.append(f"{binding.where()}: the text says {binding.number} but "
                            f"data/{binding.table}.csv [{binding.row}] {binding.value} = {value:g}")
    return problems


def uncovered(bindings: list[Binding], found: dict[str, list[str]] | None = None
              ) -> list[tuple[Mention, str]]:
    """Numbers with a unit that no registry row covers, with their context."""
    found = texts() if found is None else found
    covered = set()
    for binding in bindings:
        offsets = _number_in(binding.text, binding.number)
        for index, segment in enumerate(found.get(binding.file, [])):
            for match in re.finditer(re.escape(binding.text), segment):
                covered.update((binding.file, index, match.start() + offset)
                               for offset in offsets)
    missing = []
    for file, segments in found.items():
        for index, segment in enumerate(segments):
            for mention in mentions(file, index, segment):
                if (file, index, mention.start) not in covered:
                    missing.append((mention, mention.context(segment)))
    return missing
