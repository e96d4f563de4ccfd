"""Every data chart has its numbers beside it in a real table (issue #17): style.show's
``numbers`` folds a table under the figure, and each diagrams ``*_numbers`` function reads
the same rows its chart draws."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from conftest import NOTEBOOKS
from ketamine_course import data, style

# Pictures of ideas rather than of values: a schematic, its stages, a checklist.
DIAGRAMS = ("nmda_schematic", "mechanism_small_multiples", "monitoring_checklist")


def figure_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [cell for cell in cells if cell["cell_type"] == "code"
            and "style.show(" in "".join(cell["source"])]


def test_every_data_chart_in_the_notebooks_carries_its_numbers():
    charts = 0
    for path in NOTEBOOKS:
        for cell in figure_cells(path):
            source = "".join(cell["source"])
            chart = re.search(r"style\.show\((?:figures\.)?(\w+)", source)[1]
            html = "".join(cell["outputs"][0]["data"]["text/html"])
            if chart in DIAGRAMS:
                assert "<details>" not in html
                continue
            charts += 1
            assert "numbers=" in source, f"{path.name}: {chart} without its numbers"
            folded = html.split("<details>", 1)
            assert len(folded) == 2 and "<img" in folded[0], f"{path.name}: {chart}"
            assert re.search(f"<summary[^>]*>{style.NUMBERS_SUMMARY}</summary>", folded[1])
            assert folded[1].count("<table") == 1 and "<tbody>" in folded[1]
    assert charts >= 15


def test_show_folds_the_numbers_under_the_figure(monkeypatch):
    from ketamine_course.tables import chart_numbers

    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    fig = style.figure()
    numbers = chart_numbers(pd.DataFrame({"dose": [0.5, 1.0], "name": ["low", None]}),
                            "demo", {"name": "Name", "dose": "Dose (mg/kg)"})
    style.show(fig, "A demonstration figure with two doses.", numbers=numbers)
    html = shown[0]._repr_mimebundle_()[0]["text/html"]
    table = html.split("<details>", 1)[1]
    assert re.findall(r"<th[^>]*>([^<]+)</th>", table) == ["Name", "Dose (mg/kg)"]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table)
    assert cells == ["low", "0.5", "", "1"], "as the data hold them; a gap stays empty"


def cells(styler) -> pd.DataFrame:
    """The table as a reader sees it: headings and formatted text."""
    html = styler.to_html()
    headings = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    values = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    width = len(headings)
    return pd.DataFrame([values[start:start + width] for start in range(0, len(values), width)],
                        columns=headings)


def test_side_effect_numbers_are_the_rows_drawn():
    from ketamine_course.diagrams.safety import side_effect_numbers
    from ketamine_course.safety import population_rows, populations

    for population in populations()["population"]:
        rows = population_rows(population)
        shown = cells(side_effect_numbers(population))
        assert list(shown["Adverse event"]) == list(rows["effect"])
        assert [float(value) for value in shown["Esketamine arm (%)"]] == \
            list(rows["active_pct"].astype(float))
        assert [float(value) for value in shown["Difference (points)"]] == \
            list(rows["difference"])


def test_route_numbers_follow_routes_csv():
    from ketamine_course.diagrams.routes import route_comparison_numbers

    routes = data.load("routes")
    shown = cells(route_comparison_numbers())
    assert list(shown["Route"]) == list(routes["route"])
    oral = shown[routes["route_id"].eq("oral").to_numpy()].iloc[0]
    low, high = routes.set_index("route_id").loc["oral", ["bioavailability_pct_low",
                                                         "bioavailability_pct_high"]]
    assert re.findall(r"\d+", oral["Bioavailability (%)"]) == [f"{low:g}", f"{high:g}"]


@pytest.mark.parametrize(("module", "function", "table", "column", "heading"), [
    ("history", "timeline_numbers", "timeline", "label", "Event"),
    ("enantiomers", "enantiomer_numbers", "enantiomers", "form", "Form"),
    ("regulatory", "regulatory_numbers", "regulatory", "jurisdiction", "Jurisdiction"),
    ("ethics", "cost_numbers", "costs", "item", "Item"),
    ("review", "evidence_numbers", "evidence_status", "topic", "Question"),
    ("evidence", "onset_numbers", "antidepressant_onset", "treatment", "Treatment"),
])
def test_a_numbers_table_has_a_row_for_every_row_its_chart_draws(module, function, table,
                                                                  column, heading):
    import importlib

    numbers = getattr(importlib.import_module(f"ketamine_course.diagrams.{module}"), function)
    shown = cells(numbers())
    assert sorted(shown[heading]) == sorted(data.load(table)[column].astype(str))


def test_forest_numbers_are_every_effect_with_its_interval():
    from ketamine_course.diagrams.evidence import forest_numbers

    trials = data.load("trials").dropna(subset=["effect", "effect_ci_low", "effect_ci_high"])
    shown = cells(forest_numbers())
    assert sorted(shown["Study"]) == sorted(trials["study"])
    for _, row in trials.iterrows():
        match = shown[shown["Study"] == row["study"]].iloc[0]
        assert [float(match[key]) for key in ("Effect", "95% CI low", "95% CI high")] == \
            [row["effect"], row["effect_ci_low"], row["effect_ci_high"]]


def test_receptor_and_repeated_numbers_read_the_simulations():
    import numpy as np

    from ketamine_course.diagrams.pk_models import (
        RECEPTOR_TABLE_MINUTES,
        receptor_numbers,
        repeated_numbers,
    )
    from ketamine_course.formats import readout
    from ketamine_course.pk_models import peak_and_leftover, receptor_cases, repeated_cases

    shown = cells(receptor_numbers())
    cases = receptor_cases()
    assert len(shown) == len(cases) * len(RECEPTOR_TABLE_MINUTES)
    simulation = cases[0][0]
    hour = int(np.argmin(np.abs(simulation.times_h - 1.0)))
    first = shown.iloc[:len(RECEPTOR_TABLE_MINUTES)]
    assert first[first["Minutes after the start"] == "60"]["Plasma (ng/mL)"].item() == \
        readout(simulation.plasma[0][hour])
    repeated = cells(repeated_numbers())
    for (_, row), simulation in zip(repeated.iterrows(), repeated_cases(), strict=True):
        peak, left = peak_and_leftover(simulation)
        assert row["Median peak after the first session (ng/mL)"] == readout(peak)
        assert row["Most left before a later session (ng/mL)"] == readout(left)
