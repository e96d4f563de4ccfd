"""List the facts that are due for a re-check: rows whose ``as_of`` date is too old.

Facts that change (approvals, schedules, prices) carry an ``as_of`` column: the date on
which someone last checked the row against its sources. Every table whose schema in
data/datapackage.json has that column is scanned, so a new dated table is covered
without changing this module. Run it with ``make check-dates`` or

    python -m ketamine_course.dates --older-than 365 [--today 2027-01-31] [--data-dir DIR]

It prints one line per row to re-check (table, line in the CSV, the row's key, its date)
and exits 0: the list is a to-do list for maintainers, not a failure. Rows dated after
``--today`` are listed too, since a date in the future is most likely a typing mistake.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from .data import load, package

AS_OF = "as_of"
REPORT_COLUMNS = ["table", "line", "key", AS_OF, "age_days", "reason"]


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
                          "key": " / ".join(str(row[column]) for column in keys),
                          AS_OF: checked.isoformat(), "age_days": age, "reason": reason})
    report = pd.DataFrame(found, columns=REPORT_COLUMNS)
    return report.sort_values(["age_days", "table", "line"], ascending=[False, True, True],
                              kind="stable").reset_index(drop=True)


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
        description="List rows whose as_of date is older than a threshold.")
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
    except ValueError as error:  # DataError is a ValueError: one clear message, no traceback
        parser.exit(2, f"check-dates: {error}\n")
    print(format_report(stale, args.older_than, today))
    return 0


if __name__ == "__main__":
    sys.exit(main())
