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


# --- a quiz with a running score (notebook 08) --------------------------------------------

SECOND = Question(prompt="Which command opens JupyterLab?", options=("make lab", "make test"),
                  answer="make lab", explanation="It starts JupyterLab on the first notebook.",
                  topic="Notebook 00: Start here")


def test_score_counts_right_answers_among_those_given():
    from ketamine_course.quiz import score

    assert score([QUESTION, SECOND], [None, None]) == (0, 0)
    assert score([QUESTION, SECOND], ["make test", None]) == (1, 1)
    assert score([QUESTION, SECOND], ["make test", "make test"]) == (1, 2)
    assert score([QUESTION, SECOND], ["make test", "make lab"]) == (2, 2)
    with pytest.raises(ValueError, match="choices: give one choice"):
        score([QUESTION, SECOND], ["make test"])


@pytest.mark.parametrize("correct, answered, total, text", [
    (0, 0, 14, "Score: no answers checked yet (14 questions)."),
    (3, 4, 14, "Score: 3 correct out of 4 answered (14 questions)."),
    (14, 14, 14, "Score: 14 correct out of 14 answered (14 questions). All questions answered."),
])
def test_score_text(correct, answered, total, text):
    from ketamine_course.quiz import score_text

    assert score_text(correct, answered, total) == text


@pytest.mark.parametrize("arguments, name", [((0, 0, 0), "total"), ((0, 5, 4), "answered"),
                                             ((3, 2, 4), "correct")])
def test_score_text_refuses_impossible_scores(arguments, name):
    from ketamine_course.quiz import score_text

    with pytest.raises(ValueError, match=f"^{name} must be"):
        score_text(*arguments)


def test_quiz_feedback_and_score_follow_right_and_wrong_answers():
    from ketamine_course.quiz import Quiz

    review = Quiz([QUESTION, SECOND])
    score_line = review.score_line
    assert all(box.children[-1] is score_line for box in review.boxes)  # under every question
    assert "no answers checked yet (2 questions)" in score_line.value
    review.answer(0, "make test")
    first_feedback = review.boxes[0].children[3].value
    assert "✔" in first_feedback and "runs pytest" in first_feedback
    assert review.score == (1, 1) and "1 correct out of 1 answered" in score_line.value
    review.answer(1, "make test")
    feedback_line = review.boxes[1].children[3].value
    assert "✘" in feedback_line and "“make lab”" in feedback_line
    assert review.score == (1, 2) and "1 correct out of 2 answered" in score_line.value
    review.answer(1, "make lab")  # a corrected answer replaces the earlier one
    assert review.score == (2, 2) and "All questions answered" in score_line.value
    review.boxes[0].children[1].value = "make lab"  # changed but not yet checked
    assert review.score == (2, 2)


def test_quiz_shows_topics_and_a_static_view_without_answers():
    from ketamine_course.quiz import Quiz

    review = Quiz([QUESTION, SECOND])
    assert "Notebook 00: Start here" in review.boxes[1].children[0].value
    html = review.static_html()
    assert html.startswith("<ol>") and html.count("<li><p>") == 2
    assert "Notebook 00: Start here" in html and "Correct" not in html
    data, _ = review._repr_mimebundle_()
    assert data["text/html"] == html and "application/vnd.jupyter.widget-view+json" in data


def test_quiz_refuses_bad_arguments():
    from ketamine_course.quiz import Quiz

    with pytest.raises(ValueError, match="questions: give at least one"):
        Quiz([])
    with pytest.raises(ValueError, match="questions: every item"):
        Quiz(["not a question"])
    with pytest.raises(ValueError, match="index must be between 0 and 1"):
        Quiz([QUESTION, SECOND]).answer(2, "make lab")
