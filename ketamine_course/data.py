"""Load the course's data tables, validated, or fail with one clear message.

Every table is a CSV in data/, described by a Table Schema in data/datapackage.json.
``load("routes")`` checks the file against that schema with the frictionless library
(types, required cells, minimum/maximum, enums, patterns, unique keys), then checks
what a schema cannot say: each ``X_low`` is at most its ``X_high``, and every key in
``sources`` exists in data/references.bib with a DOI, PMID or URL.

A lecturer who mistypes a value gets a :class:`DataError` naming the file, the line,
the column and the rule broken, never a wrong chart. Loading reads data/, never
writes it.

Frictionless takes about half a second to import and check a notebook's tables, so a
table that passed is remembered across kernels by a hash of its exact text and schema
(in $KETAMINE_COURSE_CACHE, else the user's cache folder): any edit changes the hash, and
the edited table is checked again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .location import CourseNotFound, course_dir

try:  # the course's data/, wherever the course is (ketamine_course.location)
    DATA_DIR: Path | None = course_dir() / "data"
except CourseNotFound:
    DATA_DIR = None  # each load raises CourseNotFound, naming the folders it tried
DESCRIPTOR = "datapackage.json"
BIBLIOGRAPHY = "references.bib"
SOURCES_COLUMN = "sources"
SOURCE_SEPARATOR = ";"
# A reference must be traceable: at least one of these fields, non-empty.
IDENTIFIER_FIELDS = ("doi", "pmid", "url")


class DataError(ValueError):
    """A data file breaks a rule. The message names file, line, column and rule."""

    def __init__(self, file, problem: str, rule: str, line: int | None = None,
                 column: str | None = None, hint: str | None = None):
        self.file, self.line, self.column = str(file), line, column
        self.problem, self.rule, self.hint = problem, rule, hint
        where = [self.file]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column '{column}'")
        message = f"{', '.join(where)}: {problem} (rule: {rule})"
        if hint:
            message += f". {hint}"
        super().__init__(message)


def _data_dir(data_dir) -> Path:
    """``data_dir``, or the course's data/ (CourseNotFound when there is no course)."""
    if data_dir is not None:
        return Path(data_dir)
    return DATA_DIR if DATA_DIR is not None else course_dir() / "data"


def _display_path(path: Path) -> str:
    """The path as a lecturer knows it: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(_data_dir(None).parent))
    except (ValueError, CourseNotFound):
        return str(path)


def _stamp(path: Path):
    """What changes when a file is edited; part of each cache key.

    os.path.abspath, not Path.resolve: resolving symlinks costs a system call per path
    component, and widgets check these stamps on every redraw.
    """
    stat = os.stat(path)
    return (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)


def _read_text(path: Path) -> str:
    """The file decoded as UTF-8 without a byte-order mark, or a DataError."""
    shown = _display_path(path)
    if not path.is_file():
        raise DataError(shown, "file not found", "every table listed in datapackage.json exists",
                        hint=f"Expected it in {_display_path(path.parent)}/")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(shown, "the file starts with a byte-order mark (BOM)",
                        "UTF-8 without BOM", line=1,
                        hint="Spreadsheet programs add one with 'CSV UTF-8'; save as plain "
                             "CSV in UTF-8, or remove the first three bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = None
        if line > 1:  # name the column: count the cells before the bad byte on its line
            prefix = before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")
            header = next(csv.reader([raw.split(b"\n", 1)[0].decode("utf-8", "replace")]))
            index = len(next(csv.reader([prefix]), [""])) - 1
            column = header[index] if index < len(header) else None
        raise DataError(shown, f"byte {raw[error.start]:#04x} is not valid UTF-8", "UTF-8 text",
                        line=line, column=column,
                        hint="Re-save the file with UTF-8 encoding") from None
    if not text.strip():
        raise DataError(shown, "the file is empty", "a header row and at least one data row")
    return text


@lru_cache(maxsize=8)
def _descriptor(stamp) -> dict:
    path = Path(stamp[0])
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as error:
        raise DataError(_display_path(path), error.msg, "valid JSON", line=error.lineno) from None


def package(data_dir: Path | str | None = None) -> dict:
    """The data package descriptor (datapackage.json) as a dict."""
    path = _data_dir(data_dir) / DESCRIPTOR
    if not path.is_file():
        raise DataError(_display_path(path), "file not found", "data/ holds datapackage.json")
    return _descriptor(_stamp(path))


def table_names(data_dir: Path | str | None = None) -> list[str]:
    """Names of the tables described in datapackage.json."""
    return [resource["name"] for resource in package(data_dir)["resources"]]


def _resource(name: str, data_dir) -> dict:
    for resource in package(data_dir)["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(table_names(data_dir))
    raise ValueError(f"Unknown table {name!r}; the tables are: {known}.")


def table_error(name: str, problem: str, rule: str, line: int | None = None,
                column: str | None = None, data_dir: Path | str | None = None,
                hint: str | None = None) -> DataError:
    """A DataError about table ``name``, naming its file as datapackage.json gives it.

    For the checks a topic module adds after loading (rules a Table Schema cannot state).
    ``line`` is the line in the CSV file (the header is line 1).
    """
    directory = _data_dir(data_dir)
    path = directory / _resource(name, directory)["path"]
    return DataError(_display_path(path), problem, rule, line=line, column=column, hint=hint)


# --- references.bib -------------------------------------------------------------------

@lru_cache(maxsize=8)
def _parse_bibliography(stamp) -> dict[str, dict[str, str]]:
    import bibtexparser

    path = Path(stamp[0])
    shown = _display_path(path)
    text = _read_text(path)
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        first_line = block.raw.strip().splitlines()[0] if block.raw.strip() else ""
        kind = type(block).__name__
        problem = (f"entry key {block.key!r} appears twice" if kind == "DuplicateBlockKeyBlock"
                   else f"cannot parse the entry starting {first_line[:60]!r}")
        raise DataError(shown, problem, "valid BibTeX, one entry per key",
                        line=block.start_line + 1)
    entries = {}
    for entry in library.entries:
        fields = {field.key.lower(): str(field.value).strip() for field in entry.fields}
        fields["entrytype"] = entry.entry_type.lower()  # article, misc, ...
        if not any(fields.get(name) for name in IDENTIFIER_FIELDS):
            raise DataError(shown, f"entry '{entry.key}' has no DOI, PMID or URL",
                            "every reference has a doi, pmid or url field",
                            line=entry.start_line + 1)
        entries[entry.key] = fields
    if not entries:
        raise DataError(shown, "no entries found", "at least one BibTeX entry")
    return entries


def references(data_dir: Path | str | None = None) -> dict[str, dict[str, str]]:
    """The entries of data/references.bib: key -> fields (lower-case names, plus
    ``entrytype``: article, misc, ...)."""
    path = _data_dir(data_dir) / BIBLIOGRAPHY
    if not path.is_file():
        raise DataError(_display_path(path), "file not found",
                        "data/ holds references.bib with every source")
    return _parse_bibliography(_stamp(path))


# --- tables ----------------------------------------------------------------------------

def _check_header(shown: str, header: list[str], fields: list[str]):
    if len(set(header)) != len(header):
        repeated = next(name for name in header if header.count(name) > 1)
        raise DataError(shown, f"column {repeated!r} appears twice", "each column once",
                        line=1, column=repeated)
    for name in header:
        if name not in fields:
            if name.strip() in fields:
                raise DataError(shown, f"the column name {name!r} has stray spaces",
                                "column names exactly as in datapackage.json",
                                line=1, column=name.strip())
            raise DataError(shown, f"unknown column {name!r}",
                            "only the columns described in datapackage.json", line=1,
                            column=name, hint=f"Expected columns: {', '.join(fields)}")
    for name in fields:
        if name not in header:
            raise DataError(shown, "the column is missing",
                            "every column described in datapackage.json", line=1,
                            column=name)
    if header != fields:
        raise DataError(shown, "the columns are in a different order",
                        "columns in the order of datapackage.json", line=1,
                        hint=f"Expected: {', '.join(fields)}")


def _rule_of(error, field: dict | None) -> tuple[str, str]:
    """Turn one frictionless error into (problem, rule) a lecturer can act on."""
    cell = getattr(error, "cell", None)
    if error.type == "type-error":
        return f"{cell!r} is not of type {field['type']}", f"type {field['type']}"
    if error.type == "constraint-error":
        match = re.match(r'constraint "(\w+)" is "(.*)"', error.note or "")
        name, value = match.groups() if match else ("constraint", error.note)
        if name == "required":
            return "the cell is empty", "a value is required"
        if name == "enum":
            allowed = ", ".join(field["constraints"]["enum"])
            return f"{cell!r} is not an allowed value", f"one of: {allowed}"
        if name == "pattern":
            return f"{cell!r} does not have the expected form", f"pattern {value}"
        if name in ("minimum", "maximum"):
            bound = "at least" if name == "minimum" else "at most"
            return f"{cell!r} is out of range", f"{bound} {value}"
        if name == "unique":
            return f"{cell!r} appears more than once", "unique values"
        return f"{cell!r} breaks the {name} constraint", f"{name} {value}"
    if error.type == "primary-key":
        return f"this row repeats the key of another ({error.note})", "unique key"
    if error.type == "missing-cell":
        return "the row has too few cells", "one cell per column"
    if error.type == "extra-cell":
        return (f"the row has a cell {cell!r} beyond the last column (cell number "
                f"{error.field_number})"), "one cell per column"
    if error.type == "blank-row":
        return "the row is blank", "no blank rows"
    return error.note or error.message, error.type


CACHE_ENV_VAR = "KETAMINE_COURSE_CACHE"


def validation_cache() -> Path:
    """The folder of markers for tables that passed the schema check."""
    configured = os.environ.get(CACHE_ENV_VAR)
    if configured:
        return Path(configured)
    user_cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(user_cache) / "ketamine-course" / "validated"


@lru_cache(maxsize=1)
def _frictionless_version() -> str:
    from importlib.metadata import version

    return version("frictionless")


def _validation_marker(text: str, resource: dict) -> Path:
    """One file per (table text, its schema, frictionless version) that passed."""
    key = hashlib.sha256("\0".join(
        (_frictionless_version(), json.dumps(resource, sort_keys=True), text)).encode())
    return validation_cache() / key.hexdigest()


def _remember_valid(marker: Path):
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:  # a read-only home: the check simply runs again next time
        pass


def _validate_with_schema(path: Path, shown: str, resource: dict, text: str):
    marker = _validation_marker(text, resource)
    if marker.exists():
        return
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor(resource["schema"])
    checked = Resource(path=path.name, basepath=str(path.parent), schema=schema,
                       format="csv", encoding="utf-8")
    report = checked.validate()
    if report.valid:
        _remember_valid(marker)
        return
    errors = [error for task in report.tasks for error in task.errors] or report.errors
    first = errors[0]
    fields = {field["name"]: field for field in resource["schema"]["fields"]}
    column = getattr(first, "field_name", None) or None
    problem, rule = _rule_of(first, fields.get(column))
    description = fields.get(column, {}).get("description")
    more = f"; {len(errors) - 1} more problem(s) after this one" if len(errors) > 1 else ""
    raise DataError(shown, problem + more, rule, line=getattr(first, "row_number", None),
                    column=column, hint=f"The column holds: {description}" if description else None)


def _cross_check(frame: pd.DataFrame, shown: str, bib_keys, bib_shown: str):
    """Rules a Table Schema cannot state: low <= high, and known source keys."""
    line_of = {index: index + 2 for index in frame.index}  # header is line 1
    for low in [name for name in frame.columns if name.endswith("_low")]:
        high = low[: -len("_low")] + "_high"
        if high not in frame.columns:
            continue
        both = frame[[low, high]].dropna()
        bad = both[both[low] > both[high]]
        if not bad.empty:
            index = bad.index[0]
            raise DataError(shown, f"{low} = {bad.loc[index, low]:g} is above "
                                   f"{high} = {bad.loc[index, high]:g}",
                            f"{low} <= {high}", line=line_of[index], column=low)
    if SOURCES_COLUMN in frame.columns:  # empty where a table allows rows without a source
        for index, cell in frame[SOURCES_COLUMN].dropna().items():
            for key in str(cell).split(SOURCE_SEPARATOR):
                if key not in bib_keys:
                    raise DataError(shown, f"source key {key!r} is not in {bib_shown}",
                                    "every source key has an entry in references.bib",
                                    line=line_of[index], column=SOURCES_COLUMN)


_PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "string": "string"}


@lru_cache(maxsize=32)
def _load(name: str, data_dir: str, stamps) -> pd.DataFrame:
    resource = _resource(name, data_dir)
    path = Path(data_dir) / resource["path"]
    shown = _display_path(path)
    text = _read_text(path)
    rows = list(csv.reader(io.StringIO(text)))
    fields = [field["name"] for field in resource["schema"]["fields"]]
    _check_header(shown, rows[0], fields)
    if not any(any(cell.strip() for cell in row) for row in rows[1:]):
        raise DataError(shown, "the file has a header but no data rows", "at least one data row",
                        line=2)
    _validate_with_schema(path, shown, resource, text)
    types = {field["name"]: _PANDAS_TYPES.get(field["type"], "string")
             for field in resource["schema"]["fields"]}
    frame = pd.read_csv(io.StringIO(text), dtype=types, keep_default_na=False,
                        na_values={name: [""] for name in fields})
    bib_path = Path(data_dir) / BIBLIOGRAPHY
    _cross_check(frame, shown, references(data_dir).keys(), _display_path(bib_path))
    return frame


def load(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Table ``name`` from data/ as a DataFrame, validated; raises DataError if broken.

    Results are cached until the CSV, datapackage.json or references.bib changes.
    Returns a copy, so callers may modify it freely.
    """
    directory = _data_dir(data_dir)
    return _load(name, str(directory), _stamps(name, directory)).copy()


def _stamps(name: str, directory: Path) -> tuple:
    """What a cached table depends on: its CSV, datapackage.json and references.bib."""
    resource = _resource(name, directory)
    stamps = []
    for part in (resource["path"], DESCRIPTOR, BIBLIOGRAPHY):
        path = directory / part
        stamps.append(_stamp(path) if path.exists() else (str(path), None, None))
    return tuple(stamps)


def stamps(*names: str, data_dir: Path | str | None = None) -> tuple:
    """A cache key for values computed from tables ``names``: it changes whenever one of
    their CSVs, datapackage.json or references.bib is edited (as :func:`load`'s own)."""
    directory = _data_dir(data_dir)
    return tuple(_stamps(name, directory) for name in names)


def validate_all(data_dir: Path | str | None = None) -> dict[str, int]:
    """Load every table; returns rows per table, or raises the first DataError."""
    return {name: len(load(name, data_dir)) for name in table_names(data_dir)}


def sources_of(frame: pd.DataFrame) -> list[str]:
    """The distinct source keys used by the rows of ``frame``, in first-seen order (none
    for a table of course text, such as captions, which has no sources column)."""
    keys: list[str] = []
    if SOURCES_COLUMN not in frame.columns:
        return keys
    for cell in frame[SOURCES_COLUMN].dropna():
        for key in str(cell).split(SOURCE_SEPARATOR):
            if key not in keys:
                keys.append(key)
    return keys


def catalogue(data_dir: Path | str | None = None) -> pd.DataFrame:
    """One row per table: file, rows (after validation), title and description."""
    resources = package(data_dir)["resources"]
    return pd.DataFrame(
        {
            "table": [resource["name"] for resource in resources],
            "file": [f"data/{resource['path']}" for resource in resources],
            "rows": [len(load(resource["name"], data_dir)) for resource in resources],
            "what it holds": [resource.get("title", "") for resource in resources],
        }
    ).set_index("table")


LABELS = "labels"


def labels(vocabulary: str, column: str = "label",
           data_dir: Path | str | None = None) -> dict[str, str]:
    """Display words of one vocabulary of data/labels.csv, key -> label, in file order.

    The file order is the order figures, legends, tables and menus use. ``column`` may be
    "short_label" (empty where none is given). Every value allowed by a field of
    datapackage.json whose ``vocabulary`` property names this vocabulary needs a row here;
    a missing one raises a DataError naming labels.csv, so no coded value can reach a
    reader unlabelled. Cached like :func:`load`: widgets ask for labels on every redraw.
    """
    directory = _data_dir(data_dir)
    return dict(_labels(vocabulary, column, str(directory), _stamps(LABELS, directory)))


@lru_cache(maxsize=64)
def _labels(vocabulary: str, column: str, data_dir: str, _stamps) -> tuple[tuple[str, str], ...]:
    table = load(LABELS, data_dir)
    rows = table[table["vocabulary"] == vocabulary]
    if rows.empty:
        known = ", ".join(dict.fromkeys(table["vocabulary"]))
        raise ValueError(f"Unknown vocabulary {vocabulary!r}; the vocabularies are: {known}.")
    keys = list(rows["key"])
    for resource in package(data_dir)["resources"]:
        for field in resource["schema"]["fields"]:
            if field.get("vocabulary") != vocabulary:
                continue
            allowed = field.get("constraints", {}).get("enum", [])
            missing = [value for value in allowed if value not in keys]
            if missing:
                raise table_error(LABELS, f"vocabulary {vocabulary!r} has no label for "
                                  f"{', '.join(map(repr, missing))}, which "
                                  f"{resource['name']}.{field['name']} allows",
                                  "every value a field allows has a label in its vocabulary",
                                  line=int(rows.index[0]) + 2, column="key",
                                  data_dir=data_dir)
    return tuple(zip(keys, rows[column].fillna("").astype(str), strict=True))


def constant(name: str, data_dir: Path | str | None = None) -> float:
    """One sourced number from data/constants.csv, by name; ValueError naming the known ones."""
    table = load("constants", data_dir).set_index("name")
    if name not in table.index:
        raise ValueError(f"Unknown constant {name!r}; the constants are: "
                         f"{', '.join(table.index)}.")
    return float(table.loc[name, "value"])


CAPTIONS = "captions"


def caption(name: str, data_dir: Path | str | None = None) -> str:
    """The caption of figure or table ``name`` from data/captions.csv."""
    table = load(CAPTIONS, data_dir)
    chosen = table[table["name"] == name]
    if chosen.empty:
        raise table_error(CAPTIONS, f"no caption named {name!r}", "every figure and styled "
                          "table shown has a caption row", column="name", data_dir=data_dir)
    return str(chosen["caption"].iloc[0])
