"""List the facts that are due for a re-check: rows whose ``as_of`` date is too old.

Facts that change (approvals, schedules, prices) carry an ``as_of`` column: the date on
which someone last checked the row against its sources. Every table whose schema in
data/datapackage.json has that column is scanned, so a new dated table is covered
without changing this module. Run it with ``make check-dates`` or

    python -m ketamine_course.dates --older-than 365 [--today 2027-01-31] [--data-dir DIR]

It prints one line per row to re-check (table, line in the CSV, the row's key, its date)
and exits 0: the list is a to-do list for maintainers, not a failure. Rows dated after
``--today`` are listed too, since a date in the future is most likely a typing mistake.

Drug labels change too. A label's entry in data/references.bib records the label's
``setid`` (the FDA set id, the same for every version), its ``version`` and its
``effective`` date. The report also lists every row that cites an older version of a
label than the newest version recorded in references.bib, so a fact read from an old
label is re-read in the current one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from .data import SOURCE_SEPARATOR, SOURCES_COLUMN, load, package, references, table_names

AS_OF = "as_of"
REPORT_COLUMNS = ["table", "line", "key", AS_OF, "age_days", "reason"]
LABEL_COLUMNS = ["source", "label", "version", "effective", "newest"]
OUTDATED_COLUMNS = ["table", "line", "key", "source", "effective", "newest_source",
                    "newest_effective"]


def parse_date(value, argument: str) -> dt.date:
    """``value`` (a date or 'YYYY-MM-DD') as a date, or a ValueError naming ``argument``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{argument} must be a date written YYYY-MM-DD; got {value!r}.") from None


def dated_tables(data_dir: Path | str | None = None) -> list[str]:
    """Names of the tables whose schema has an ``as_of`` column."""
    return [resource["name"] for resource in package(data_dir)["resources"]
            if any(field["name"] == AS_OF for field in resource["schema"]["fields"])]


def _key_columns(name: str, data_dir) -> list[str]:
    for resource in package(data_dir)["resources"]:
        if resource["name"] == name:
            return list(resource["schema"].get("primaryKey", []))
    return []


def _row_key(row, keys: list[str], line: int) -> str:
    return " / ".join(str(row[column]) for column in keys) if keys else f"line {line}"


def stale_rows(older_than_days: int, today=None, data_dir: Path | str | None = None,
               tables=None) -> pd.DataFrame:
    """Rows last checked more than ``older_than_days`` days before ``today``, oldest first.

    ``today`` defaults to the system date; pass one to get a repeatable answer. ``tables``
    limits the scan (default: every table with an ``as_of`` column). Each table is loaded
    and validated first, so a broken table stops with its DataError.
    """
    if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) \
            or older_than_days < 0:
        raise ValueError("older_than_days must be a whole number of days, 0 or more; "
                         f"got {older_than_days!r}.")
    today = dt.date.today() if today is None else parse_date(today, "today")
    available = dated_tables(data_dir)
    chosen = available if tables is None else list(tables)
    unknown = [name for name in chosen if name not in available]
    if unknown:
        raise ValueError(f"tables must name tables with an {AS_OF} column "
                         f"({', '.join(available) or 'none'}); got {', '.join(unknown)}.")
    found = []
    for name in chosen:
        frame = load(name, data_dir)
        keys = _key_columns(name, data_dir)
        for index, row in frame.iterrows():
            checked = dt.date.fromisoformat(str(row[AS_OF]))
            age = (today - checked).days
            if age > older_than_days:
                reason = f"checked more than {older_than_days} days ago"
            elif age < 0:
                reason = "dated after today: check for a typing mistake"
            else:
                continue
            found.append({"table": name, "line": index + 2,  # the header is line 1
                          "key": _row_key(row, keys, index + 2),
                          AS_OF: checked.isoformat(), "age_days": age, "reason": reason})
    report = pd.DataFrame(found, columns=REPORT_COLUMNS)
    return report.sort_values(["age_days", "table", "line"], ascending=[False, True, True],
                              kind="stable").reset_index(drop=True)


def label_versions(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Every label version in references.bib (entries with a ``setid``), newest first
    within each label; ``newest`` marks the latest effective date of each set id."""
    found = [{"source": key, "setid": fields["setid"], "label": fields.get("title", key),
              "version": fields.get("version", ""), "effective": fields.get("effective", "")}
             for key, fields in references(data_dir).items() if fields.get("setid")]
    for entry in found:
        if not entry["effective"]:
            raise ValueError(f"references.bib entry {entry['source']!r} has a setid but no "
                             "effective date (YYYY-MM-DD, or YYYY-MM when the day is unknown)")
    table = pd.DataFrame(found, columns=["source", "setid", *LABEL_COLUMNS[1:4]])
    table = table.sort_values(["setid", "effective"], ascending=[True, False], kind="stable")
    table["newest"] = ~table.duplicated("setid")
    return table.reset_index(drop=True)


def label_rows(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Every data row that cites a label version: table, line, key and the version cited."""
    versions = label_versions(data_dir).set_index("source")
    found = []
    for name in table_names(data_dir):
        frame = load(name, data_dir)
        if SOURCES_COLUMN not in frame.columns:
            continue
        keys = _key_columns(name, data_dir)
        for index, row in frame.iterrows():
            for source in str(row[SOURCES_COLUMN]).split(SOURCE_SEPARATOR):
                if source in versions.index:
                    found.append({"table": name, "line": index + 2,
                                  "key": _row_key(row, keys, index + 2), "source": source,
                                  **versions.loc[source, LABEL_COLUMNS[1:]].to_dict()})
    return pd.DataFrame(found, columns=["table", "line", "key", *LABEL_COLUMNS])


def outdated_label_rows(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Rows that cite a label only in editions older than the newest one on record.

    A row that cites the newest edition as well (an older edition kept as a second
    reading, for a cross-check) is current.
    """
    versions = label_versions(data_dir)
    newest = versions[versions["newest"].astype(bool)].set_index("setid")
    setid_of = versions.set_index("source")["setid"]
    rows = label_rows(data_dir)
    found = []
    for (table, line), cited in rows.groupby(["table", "line"], sort=False):
        for setid, editions in cited.groupby(cited["source"].map(setid_of), sort=False):
            if editions["newest"].astype(bool).any():
                continue
            latest = newest.loc[setid]
            found.append({"table": table, "line": line, "key": editions["key"].iloc[0],
                          "source": ", ".join(editions["source"]),
                          "effective": ", ".join(editions["effective"]),
                          "newest_source": latest["source"],
                          "newest_effective": latest["effective"]})
    return pd.DataFrame(found, columns=OUTDATED_COLUMNS)


def label_edition_table(data_dir: Path | str | None = None) -> pd.DataFrame:
    """For notebook 06: each label edition on record, and the data rows read in it.

    One row per edition and table, newest edition first, with the keys of the rows that
    cite it (a row read in two editions appears under both).
    """
    rows = label_rows(data_dir)
    versions = label_versions(data_dir)
    found = []
    for entry in versions.itertuples(index=False):
        cited = rows[rows["source"] == entry.source]
        for table, chosen in cited.groupby("table", sort=True):
            found.append({"Edition": entry.source,
                          "Version": entry.version or "not shown",
                          "Effective": entry.effective,
                          "Newest": "yes" if entry.newest else "no",
                          "Table": f"data/{table}.csv",
                          "Rows": len(chosen),
                          "Row keys": _grouped_keys(chosen["key"])})
    return pd.DataFrame(found)


def _grouped_keys(keys) -> str:
    """Keys joined for reading; keys sharing a first part are written once each:
    'spravato_label_trd: Dizziness, Headache' for 'spravato_label_trd / Dizziness' ..."""
    groups: dict[str, list[str]] = {}
    for key in keys:
        first, _, rest = key.partition(" / ")
        groups.setdefault(first if rest else key, []).append(rest)
    return "; ".join(f"{first}: {', '.join(rest)}" if any(rest) else first
                     for first, rest in groups.items())


def format_label_report(outdated: pd.DataFrame) -> str:
    """The rows read from an older label version, one per line."""
    if outdated.empty:
        return "Every row that cites a drug label cites the newest version on record."
    lines = [f"{len(outdated)} row(s) cite an older label version than the newest on record:"]
    for row in outdated.itertuples(index=False):
        lines.append(f"  data/{row.table}.csv, line {row.line} [{row.key}]: {row.source} "
                     f"(effective {row.effective}); newest is {row.newest_source} "
                     f"(effective {row.newest_effective})")
    lines.append("Re-read each fact in the newest label, then cite that version.")
    return "\n".join(lines)


def format_report(stale: pd.DataFrame, older_than_days: int, today) -> str:
    """The report as plain text, one row to re-check per line."""
    today = parse_date(today, "today")
    if stale.empty:
        return (f"Every dated row was checked within {older_than_days} days of "
                f"{today.isoformat()}. Nothing to re-check.")
    lines = [f"{len(stale)} row(s) to re-check (older than {older_than_days} days on "
             f"{today.isoformat()}, or dated in the future):"]
    for row in stale.itertuples(index=False):
        lines.append(f"  data/{row.table}.csv, line {row.line} [{row.key}]: "
                     f"as_of {getattr(row, AS_OF)} ({row.age_days} days; {row.reason})")
    lines.append("Re-read each row's sources, correct the row if needed, then set its "
                 f"{AS_OF} to the date of the check.")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ketamine_course.dates",
        description="List rows whose as_of date is older than a threshold, and rows that "
                    "cite an older drug-label version than the newest on record.")
    parser.add_argument("--older-than", type=int, default=365, metavar="DAYS",
                        help="list rows checked more than DAYS days ago (default 365)")
    parser.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                        help="reference date (default: the system date)")
    parser.add_argument("--data-dir", default=None, help="folder holding datapackage.json")
    args = parser.parse_args(argv)
    if args.older_than < 0:
        parser.exit(2, "check-dates: --older-than must be 0 or more days; "
                       f"got {args.older_than}.\n")
    today = dt.date.today() if args.today is None else args.today
    try:
        stale = stale_rows(args.older_than, today=today, data_dir=args.data_dir)
        outdated = outdated_label_rows(data_dir=args.data_dir)
    except ValueError as error:  # DataError is a ValueError: one clear message, no traceback
        parser.exit(2, f"check-dates: {error}\n")
    print(format_report(stale, args.older_than, today))
    print(format_label_report(outdated))
    return 0


if __name__ == "__main__":
    sys.exit(main())
