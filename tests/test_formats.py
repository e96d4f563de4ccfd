"""ketamine_course.formats: the one way the course prints a range, a number, a difference
or a price, tried on the cases the tables and figures meet."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ketamine_course import formats


@pytest.mark.parametrize("low, high, expected", [
    (48, 54, "48–54"), (93, 93, "93"), (pd.NA, 90, "up to 90"), (3, pd.NA, "from 3"),
    (pd.NA, pd.NA, "—"), (None, None, "—"), (math.nan, 7, "up to 7"), (0.5, 1, "0.5–1"),
])
def test_a_range_is_written_as_the_sources_give_it(low, high, expected):
    assert formats.value_range(low, high) == expected


@pytest.mark.parametrize("unit, expected", [
    ("min", "10–20 min"), ("%", "10–20%"), ("% of exposures", "10–20% of exposures"),
    ("", "10–20"),
])
def test_a_percent_sign_sits_on_its_number_and_other_units_follow_a_space(unit, expected):
    assert formats.value_range(10, 20, unit) == expected


def test_an_open_range_keeps_its_unit():
    assert formats.value_range(pd.NA, 90, "min") == "up to 90 min"
    assert formats.value_range(3, None, "%") == "from 3%"


def test_ends_that_print_alike_are_printed_once():
    # 31.6 and 31.64 both read 31.6 at three significant figures: one value, not "31.6–31.6".
    assert formats.value_range(31.6, 31.64, number=formats.readout) == "31.6"
    assert formats.value_range(31.6, 31.7, number=formats.readout) == "31.6–31.7"


def test_the_joiner_and_the_number_format_are_chosen_by_the_caller():
    assert formats.value_range(1200, 2400, joiner=" to ", number=formats.grouped) == \
        "1,200 to 2,400"
    assert formats.value_range(163, 489, joiner=" to ",
                               number=lambda value: formats.money(value, "GBP")) == "£163 to £489"


@pytest.mark.parametrize("function, value, expected", [
    (formats.general, 0.30, "0.3"), (formats.grouped, 1200, "1,200"),
    (formats.two_places, 0.190, "0.19"), (formats.two_places, 1250, "1,250"),
    (formats.readout, 0.8421, "0.842"), (formats.readout, 1249.6, "1,250"),
    (formats.signed, 18.84, "+18.8"), (formats.signed, -1.94, "\N{MINUS SIGN}1.9"),
    (formats.decimal, 0.5, "0.5"), (formats.decimal, -1.25, "\N{MINUS SIGN}1.25"),
    (formats.decimal, 2, "2.0"),
])
def test_each_number_format(function, value, expected):
    assert function(value) == expected


@pytest.mark.parametrize("currency, expected", [
    ("GBP", "£163"), ("USD", "US$163"), ("EUR", "€163"), ("SEK", "163 SEK"),
])
def test_money_puts_a_known_symbol_first_and_an_unknown_code_last(currency, expected):
    assert formats.money(163, currency) == expected
