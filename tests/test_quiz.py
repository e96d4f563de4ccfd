"""Self-check questions: right feedback for right and wrong answers."""

from __future__ import annotations

import pytest

from ketamine_course.quiz import Question, feedback, question_widget, static_html

QUESTION = Question(prompt="Which command runs every test?", options=("make lab", "make test"),
                    answer="make test",
                    explanation="It installs what is missing, then runs pytest.")


def test_right_answer():
    correct, text = feedback(QUESTION, "make test")
    assert correct is True and text.startswith("Correct.") and "runs pytest" in text


def test_wrong_answer_names_the_right_one():
    correct, text = feedback(QUESTION, "make lab")
    assert correct is False and "“make test”" in text and "runs pytest" in text


def test_no_answer_yet():
    assert feedback(QUESTION, None)[0] is None


def test_an_answer_that_is_not_an_option_is_an_error():
    with pytest.raises(ValueError, match="not an option"):
        feedback(QUESTION, "make coffee")


@pytest.mark.parametrize("options, answer, message", [
    (("only one",), "only one", "at least two"),
    (("a", "a"), "a", "repeat"),
    (("a", "b"), "c", "not an option"),
])
def test_badly_written_questions_are_refused(options, answer, message):
    with pytest.raises(ValueError, match=message):
        Question("Q?", options, answer, "Because.")


def test_widget_feedback_follows_the_choice():
    box = question_widget(QUESTION)
    choices, result = box.children[1], box.children[3]
    box.check()
    assert "Choose an answer" in result.value
    choices.value = "make lab"
    box.check()
    assert "✘" in result.value and "make test" in result.value
    choices.value = "make test"
    box.children[2].click()
    assert "✔" in result.value


def test_static_view_lists_question_and_options():
    html = static_html(QUESTION)
    assert "Which command runs every test?" in html
    assert "<li>make lab</li>" in html and "<li>make test</li>" in html
    assert "make test</li>" in html and "Correct" not in html
