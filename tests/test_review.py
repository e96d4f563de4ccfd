"""Notebook 08's data and figure: the evidence map equals data/evidence_status.csv, and the
review quiz in data/review_quiz.csv covers the course and agrees with the other tables."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pytest

from conftest import edit_cell
from ketamine_course import quiz
from ketamine_course.data import DataError, load
from ketamine_course.diagrams.review import evidence_alt, evidence_map, status_style
from ketamine_course.evidence import evidence_levels
from ketamine_course.review import evidence_summary, evidence_table, status_labels, weakest_first


@pytest.fixture
def figure():
    fig = evidence_map()
    yield fig
    plt.close(fig)


# --- evidence status ---------------------------------------------------------------------

def test_every_status_is_used_and_ordered():
    table = evidence_table()
    assert list(dict.fromkeys(table["status"])) == list(status_labels())
    assert set(table["evidence"]) <= set(evidence_levels())


def test_only_approved_products_are_marked_approved():
    table = load("evidence_status").set_index("topic_id")
    approved = table[table["evidence"] == "approved"]
    assert approved.index.str.startswith("esketamine").all()
    assert table.loc["iv_ketamine_depression", "evidence"] != "approved"
    assert "off label" in table.loc["iv_ketamine_depression", "summary"]


def test_markers_sit_at_each_topics_evidence_level(figure):
    table = evidence_table()
    ax = figure.axes[0]
    drawn = {}
    for collection in ax.collections:
        for x, y in collection.get_offsets():
            drawn[int(y)] = int(x)
    expected = {index: list(weakest_first()).index(level)
                for index, level in enumerate(table["evidence"])}
    assert drawn == expected


def test_status_shows_by_marker_and_word_not_colour_alone(figure):
    table = evidence_table()
    ax = figure.axes[0]
    paths = {tuple(map(tuple, c.get_paths()[0].vertices.round(3))) for c in ax.collections}
    assert len(paths) == len(ax.collections) == table["status"].nunique()
    words = [text.get_text() for text in sorted(ax.texts, key=lambda t: t.get_position()[1])]
    assert words == [status_labels()[status] for status in table["status"]]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [status_labels()[status] for status in dict.fromkeys(table["status"])]


def test_rows_are_labelled_with_their_topics(figure):
    ax = figure.axes[0]
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels == [textwrap.fill(topic, 38) for topic in evidence_table()["topic"]]


def test_alt_text_names_every_topic():
    table = load("evidence_status")
    alt = evidence_alt(table)
    assert f"Evidence map of {len(table)} questions" in alt
    for topic in table["topic"]:
        assert topic in alt
    edited = table.copy()
    edited.loc[0, "status"] = "promising"
    assert evidence_alt(edited).index(table.loc[0, "topic"]) > evidence_alt(edited).index(
        "Promising:")


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="status must be one of"):
        status_style("proven")


# --- the review quiz ---------------------------------------------------------------------

def test_review_quiz_has_at_least_twelve_questions_across_the_course():
    table = load("review_quiz")
    questions = quiz.review_questions(table)
    assert len(questions) >= 12
    assert set(table["notebook"]) >= set(range(1, 8))  # every notebook from 01 to 07
    for question in questions:
        assert question.topic.startswith("Notebook 0") and question.explanation


def test_right_answers_are_not_all_in_one_position():
    assert load("review_quiz")["answer"].nunique() >= 3


def test_quiz_numbers_agree_with_the_side_effect_table():
    """The TRANSFORM-1 question claims the largest esketamine-placebo difference."""
    effects = load("side_effects")
    transform1 = effects[effects["population"] == "transform1_fedgchin2019"]
    gap = transform1["active_pct"] - transform1["placebo_pct"]
    largest = transform1.loc[gap.idxmax()]
    row = load("review_quiz").set_index("question_id").loc["largest_difference"]
    answer = row[f"option_{row['answer']}"]
    assert answer.startswith(largest["effect"])
    assert f"{largest['active_pct']:.1f}% against {largest['placebo_pct']:.1f}%" in answer


def test_quiz_prices_agree_with_the_cost_table():
    costs = load("costs").set_index("cost_id")
    row = load("review_quiz").set_index("question_id").loc["value_price"]
    assert f"{costs.loc['us_price_per_dose', 'cost_low']:.0f} US dollars" in row["prompt"]
    answer = row[f"option_{row['answer']}"]
    assert f"{costs.loc['us_value_based_price', 'cost_low']:.0f} US dollars" in answer


def test_no_dollar_signs_in_quiz_text():
    """Jupyter renders text between two dollar signs as mathematics."""
    table = load("review_quiz")
    for column in ("prompt", "option_1", "option_2", "option_3", "option_4", "explanation"):
        assert not table[column].dropna().str.contains("$", regex=False).any(), column


def test_answer_pointing_at_an_empty_option(data_copy):
    edit_cell(data_copy / "review_quiz.csv", 3, "option_4", "")
    edit_cell(data_copy / "review_quiz.csv", 3, "answer", "4")
    with pytest.raises(DataError) as caught:
        quiz.review_questions(data_dir=data_copy)
    assert caught.value.line == 3 and caught.value.column == "answer"
    assert caught.value.file == str(data_copy / "review_quiz.csv")  # the copy, not data/
    assert "filled option" in caught.value.rule


def test_summary_table_reads_the_codes_out_in_words():
    table = evidence_table()
    summary = evidence_summary()
    assert list(summary["Question"]) == list(table["topic"])
    assert list(summary["Status"]) == [status_labels()[status] for status in table["status"]]
    assert list(summary["Strongest evidence"]) == [evidence_levels()[level]
                                                   for level in table["evidence"]]
    assert list(summary["What it shows, and its limits"]) == list(table["summary"])
