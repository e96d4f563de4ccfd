"""Format entries of data/references.bib for notebooks and figures/README.md."""

from __future__ import annotations

import re

from .data import references


def _clean(value: str) -> str:
    return " ".join(value.replace("{", "").replace("}", "").split())


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
