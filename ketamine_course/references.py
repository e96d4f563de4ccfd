"""The course's references: entries of data/references.bib formatted for notebooks and
figures/README.md, and the one helper that lists what a notebook cites
(:func:`notebook_references`, used by every References section)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from .course import notebooks
from .data import load, references, sources_of, table_names


def _clean(value: str) -> str:
    """A BibTeX field as a reader sees it: no braces, BibTeX's --- and -- as dashes."""
    value = value.replace("{", "").replace("}", "").replace("---", "\u2014")
    return " ".join(value.replace("--", "\u2013").split())


def _authors(field: str) -> str:
    """'Zanos, Panos and Gould, Todd' -> 'Zanos et al.'; '{U.S. FDA}' stays whole.

    Only an ' and ' outside braces separates names, so a braced corporate author such as
    '{Institute for Clinical and Economic Review}' stays one name.
    """
    names = [name.strip() for name in re.split(r" and (?![^{]*\})", field) if name.strip()]
    if not names:
        return ""
    first = names[0]
    if first.startswith("{"):  # a corporate author, braced to keep it whole
        surname = _clean(first)
    elif "," in first:
        surname = _clean(first.split(",")[0])
    else:
        surname = _clean(first).split()[-1]
    return surname + (" et al." if len(names) > 1 else "")


def links(fields: dict[str, str]) -> list[str]:
    """Markdown links for the identifiers of an entry: DOI, PubMed, URL."""
    found = []
    if fields.get("doi"):
        found.append(f"[doi:{fields['doi']}](https://doi.org/{fields['doi']})")
    if fields.get("pmid"):
        found.append(f"[PMID {fields['pmid']}](https://pubmed.ncbi.nlm.nih.gov/{fields['pmid']}/)")
    if fields.get("url") and not found:
        found.append(f"<{fields['url']}>")
    return found


def format_reference(key: str, fields: dict[str, str]) -> str:
    """One reference as a Markdown line: authors (year). Title. Venue. Links. [key]"""
    venue = next((fields[name] for name in ("journal", "publisher", "institution",
                                            "howpublished") if fields.get(name)), "")
    parts = [f"{_authors(fields.get('author', ''))} ({_clean(fields.get('year', 'n.d.'))})."]
    parts.append(_clean(fields.get("title", key)).rstrip(".") + ".")
    if venue:
        parts.append(_clean(venue).rstrip(".") + ".")
    parts.append(" ".join(links(fields)))
    return " ".join(part for part in parts if part.strip(". ")) + f" [{key}]"


def reference_list(keys, data_dir=None) -> str:
    """A Markdown bullet list of the given BibTeX keys, in the order given."""
    bib = references(data_dir)
    missing = [key for key in keys if key not in bib]
    if missing:
        raise KeyError(f"Not in references.bib: {', '.join(missing)}")
    return "\n".join(f"- {format_reference(key, bib[key])}" for key in keys)


# A citation in a notebook's text: BibTeX keys in square brackets, one or several separated
# by semicolons: "[zanos2018]", "[canady2020; canady2025]".
CITATION = re.compile(r"\[([A-Za-z0-9_:;, -]+)\]")


def bracketed(text: str) -> list[str]:
    """Every word in square brackets in ``text``, a bracket of several split at ';' or ','."""
    return [word.strip() for group in CITATION.findall(text)
            for word in re.split(r"[;,]", group) if word.strip()]


def _notebook_path(notebook: str, data_dir=None) -> Path:
    """The file of notebook ``notebook`` ("05" or its file name): from the course registry,
    or else from the working folder, which is the notebook's own folder in a kernel (so a
    notebook made by `make new-notebook` in another folder finds itself too)."""
    for entry in notebooks(data_dir):
        if notebook in (entry.number, entry.file):
            return entry.path
    here = sorted(Path.cwd().glob(f"{notebook}_*.ipynb")) or sorted(Path.cwd().glob(notebook))
    if len(here) == 1:
        return here[0]
    known = ", ".join(entry.number for entry in notebooks(data_dir))
    raise ValueError(f"Unknown notebook {notebook!r}; the notebooks are: {known}.")


def text_citations(notebook: str, data_dir=None) -> list[str]:
    """The keys that notebook ``notebook`` ("05" or its file name) cites in its Markdown
    cells, in first-seen order. Bracketed words that are not keys (a link's text) are
    skipped; tests/test_references.py checks every key-like one is in references.bib."""
    path = _notebook_path(notebook, data_dir)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    bib = references(data_dir)
    keys = [key for cell in cells if cell["cell_type"] == "markdown"
            for key in bracketed("".join(cell["source"])) if key in bib]
    return list(dict.fromkeys(keys))


def cited(notebook: str, *sources, data_dir=None) -> list[str]:
    """Every key notebook ``notebook`` cites, in first-seen order: first the sources of
    what it shows (a table's name, a DataFrame with a sources column, or a list of keys
    its prose names without brackets), then the [key]s of its text."""
    tables = set(table_names(data_dir))
    keys: list[str] = []
    for source in sources:
        if isinstance(source, pd.DataFrame):
            keys += sources_of(source)
        elif isinstance(source, str):
            if source not in tables:
                raise ValueError(f"Unknown table {source!r}; give a table name, a DataFrame "
                                 "or a list of keys.")
            keys += sources_of(load(source, data_dir))
        else:
            keys += list(source)
    keys += text_citations(notebook, data_dir)
    return list(dict.fromkeys(keys))


def notebook_references(notebook: str, *sources, data_dir=None) -> str:
    """The References section of a notebook: :func:`cited` as a Markdown list."""
    return reference_list(cited(notebook, *sources, data_dir=data_dir), data_dir)
