"""data/references.bib: complete entries a reader can find.

Every journal article needs its full author list, title, journal, year, volume, pages, DOI
and PMID. Where a field could not be read in any record available to the course, the entry
names it in an ``incomplete`` field (and says why in its ``note``), so the gap is visible in
the data, not hidden: a field named there must really be missing, and a missing field must
be named there.
"""

from __future__ import annotations

import re

import pytest

from ketamine_course import data

BIB = data.references()
ARTICLES = sorted(key for key, fields in BIB.items() if fields.get("entrytype") == "article")
ARTICLE_FIELDS = ("author", "title", "journal", "year", "volume", "pages", "doi", "pmid")
PARTIAL_AUTHORS = re.compile(r"\band others\b|et al|not captured", re.I)


def gaps(fields: dict[str, str]) -> set[str]:
    """The article fields that are missing, with 'author' for an incomplete author list."""
    missing = {name for name in ARTICLE_FIELDS if not fields.get(name)}
    if fields.get("author") and PARTIAL_AUTHORS.search(fields["author"]):
        missing.add("author")
    return missing


def declared(fields: dict[str, str]) -> set[str]:
    return {name.strip() for name in fields.get("incomplete", "").split(",") if name.strip()}


def test_articles_are_found():
    # The entry type is read from the file; without it every rule below would pass vacuously.
    assert len(ARTICLES) >= 50, ARTICLES


def problems(key: str, fields: dict[str, str]) -> list[str]:
    """What is wrong with an article entry's completeness; empty when nothing is."""
    missing, named = gaps(fields), declared(fields)
    found = []
    if missing - named:
        found.append(f"{key}: missing {sorted(missing - named)}; name them in 'incomplete'")
    if named - missing:
        found.append(f"{key}: 'incomplete' names present fields {sorted(named - missing)}")
    note = fields.get("note", "").lower()
    found += [f"{key}: the note must say why the {name} is missing"
              for name in sorted(named) if name.rstrip("s") not in note]
    return found


@pytest.mark.parametrize("key", ARTICLES)
def test_article_is_complete_or_names_its_gaps(key):
    assert problems(key, BIB[key]) == []


# Articles whose citation details (beyond a PMID or DOI) no available record showed, on
# 2026-11-30. A ratchet: lower it when an entry is completed; it must never grow.
MOST_INCOMPLETE_ARTICLES = 23


def test_gaps_do_not_grow():
    """A guard against declaring gaps instead of reading sources."""
    incomplete = [key for key in ARTICLES if declared(BIB[key]) - {"doi", "pmid"}]
    assert len(incomplete) <= MOST_INCOMPLETE_ARTICLES, incomplete


@pytest.mark.parametrize("key", sorted(BIB))
def test_identifiers_are_well_formed(key):
    fields = BIB[key]
    if fields.get("doi"):
        assert re.fullmatch(r"10\.\d{4,9}/\S+", fields["doi"]), f"{key}: DOI {fields['doi']!r}"
    if fields.get("pmid"):
        assert re.fullmatch(r"\d{6,9}", fields["pmid"]), f"{key}: PMID {fields['pmid']!r}"
    if fields.get("pmcid"):
        assert re.fullmatch(r"PMC\d{5,9}", fields["pmcid"]), f"{key}: PMCID {fields['pmcid']!r}"
    assert "provenance report" not in fields.get("note", ""), \
        f"{key}: the note points at a report that is not in the repository"


def test_an_undeclared_or_unexplained_gap_fails():
    entry = dict(BIB["fava2020"])
    assert problems("fava2020", entry) == []
    del entry["volume"]
    assert problems("fava2020", entry) == [
        "fava2020: missing ['volume']; name them in 'incomplete'"]
    entry["incomplete"] = "volume"
    assert problems("fava2020", entry) == ["fava2020: the note must say why the volume is missing"]
    entry["incomplete"] = "volume, doi"
    assert "'incomplete' names present fields ['doi']" in problems("fava2020", entry)[0]


# --- what each notebook cites -------------------------------------------------------------

def notebook_cells(path):
    import json

    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_every_references_section_uses_the_one_helper():
    from ketamine_course.course import notebooks

    for notebook in notebooks():
        cells = notebook_cells(notebook.path)
        heading = next(index for index, cell in enumerate(cells)
                       if "".join(cell["source"]).startswith("## References"))
        source = "".join(cells[heading + 1]["source"])
        assert f'notebook_references("{notebook.number}"' in source, notebook.file


def test_every_bracketed_key_in_the_text_is_in_the_bibliography():
    """A citation typo such as [zanos2081] would otherwise drop out of the reference list
    unnoticed: every bracketed word that looks like a key (lower case, with a digit or an
    underscore) must be an entry of references.bib."""
    from ketamine_course.course import notebooks
    from ketamine_course.references import bracketed

    key_like = re.compile(r"[a-z][a-z0-9]*(?:[0-9]|_)[a-z0-9_:-]*")
    unknown = [(notebook.file, token) for notebook in notebooks()
               for cell in notebook_cells(notebook.path) if cell["cell_type"] == "markdown"
               for token in bracketed("".join(cell["source"]))
               if key_like.fullmatch(token) and token not in BIB]
    assert unknown == []


def test_the_reference_list_holds_the_tables_sources_then_every_key_the_text_cites(
        tmp_path, monkeypatch):
    import json

    from ketamine_course.references import cited

    text = "Trapping [lodge2015], twice [lodge2015; yang2019], a link [see this](x) and [Figure]."
    cell = {"cell_type": "markdown", "metadata": {}, "source": [text]}
    (tmp_path / "42_draft.ipynb").write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    stage_keys = data.sources_of(data.load("mechanism_stages"))
    expected = list(dict.fromkeys([*stage_keys, "kawczak2024", "lodge2015", "yang2019"]))
    assert cited("42", "mechanism_stages", ["kawczak2024"]) == expected


def test_a_bracket_of_several_keys_is_read_key_by_key():
    from ketamine_course.references import bracketed

    assert bracketed("[canady2020; canady2025] and [zanos2018], [a, b]") == \
        ["canady2020", "canady2025", "zanos2018", "a", "b"]


def test_a_notebook_in_another_folder_finds_its_own_text(tmp_path, monkeypatch):
    import json

    from ketamine_course.references import text_citations

    cell = {"cell_type": "markdown", "metadata": {}, "source": ["As shown [zanos2018]."]}
    (tmp_path / "42_draft.ipynb").write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert text_citations("42") == ["zanos2018"]
    with pytest.raises(ValueError, match="Unknown notebook '43'"):
        text_citations("43")


def test_cited_refuses_an_unknown_table_and_a_key_outside_the_bibliography():
    from ketamine_course.references import notebook_references

    with pytest.raises(ValueError, match="Unknown table 'trails'"):
        notebook_references("02", "trails")
    with pytest.raises(KeyError, match="zanos2081"):
        notebook_references("02", ["zanos2081"])


def test_bibtex_dashes_read_as_dashes():
    from ketamine_course.references import format_reference

    line = format_reference("x", {"author": "Ochs-Ross, Rachel", "year": "2020",
                                  "title": "Elderly Patients---{TRANSFORM}-3",
                                  "journal": "Pages 1--2"})
    assert line == "Ochs-Ross (2020). Elderly Patients\u2014TRANSFORM-3. Pages 1\u20132. [x]"
