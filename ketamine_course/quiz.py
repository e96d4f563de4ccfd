"""Self-check questions with immediate feedback, shared by every notebook.

A notebook states its questions as data and calls :func:`show`; the widget code lives
here once. The feedback logic is a pure function (:func:`feedback`) so tests can check
it without a browser. A longer quiz (:class:`Quiz`) adds a running score, computed by
the pure function :func:`score`; its questions can come from a data table
(:func:`questions_from_table`), so each answer names its sources.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial


@dataclass(frozen=True)
class Question:
    """A multiple-choice question with one right answer and an explanation."""

    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    topic: str | None = None  # shown above the prompt, e.g. the notebook a review question revisits

    def __post_init__(self):
        if len(self.options) < 2:
            raise ValueError(f"{self.prompt!r}: give at least two options.")
        if len(set(self.options)) != len(self.options):
            raise ValueError(f"{self.prompt!r}: the options repeat.")
        if self.answer not in self.options:
            raise ValueError(f"{self.prompt!r}: the answer {self.answer!r} is not an option.")


def feedback(question: Question, choice: str | None) -> tuple[bool | None, str]:
    """(correct?, text) for a choice; (None, prompt to choose) when nothing is chosen."""
    if choice is None:
        return None, "Choose an answer, then check it."
    if choice not in question.options:
        raise ValueError(f"{choice!r} is not an option of {question.prompt!r}.")
    if choice == question.answer:
        return True, f"Correct. {question.explanation}"
    return False, f"Not quite: the answer is “{question.answer}”. {question.explanation}"


def _prompt_html(question: Question) -> str:
    topic = (f"<p><em>{html.escape(question.topic)}</em></p>" if question.topic else "")
    return f"{topic}<p><strong>{html.escape(question.prompt)}</strong></p>"


def question_widget(question: Question, on_check: Callable[[str | None], object] | None = None):
    """A radio list, a Check button and a feedback line for one question.

    ``on_check`` is called with the choice each time the answer is checked (a quiz uses
    it to keep its score).
    """
    import ipywidgets as widgets

    choices = widgets.RadioButtons(options=list(question.options), value=None,
                                   layout=widgets.Layout(width="auto"))
    check = widgets.Button(description="Check", button_style="primary")
    result = widgets.HTML()

    def show_feedback(_button=None):
        correct, text = feedback(question, choices.value)
        mark = {True: "✔", False: "✘", None: "…"}[correct]
        result.value = f"<p><strong>{mark}</strong> {text}</p>"
        if on_check is not None:
            on_check(choices.value)

    check.on_click(show_feedback)
    box = widgets.VBox([widgets.HTML(_prompt_html(question)), choices, check, result])
    box.check = show_feedback  # so tests and scripts can press the button
    return box


def _question_html(question: Question) -> str:
    options = "".join(f"<li>{html.escape(option)}</li>" for option in question.options)
    return f"{_prompt_html(question)}<ul>{options}</ul>"


def static_html(question: Question) -> str:
    """The question and its options as HTML, for readers without a live kernel; kept
    together on one slide (keep-together), without the hint on a slide (run-hint)."""
    return (f'<div class="keep-together">{_question_html(question)}'
            '<p class="run-hint"><em>Run the notebook to check your answer.</em></p></div>')


# Output metadata key under which each displayed question keeps its answer, so the
# lecturer guide's answer key is read from the notebooks' stored outputs (lecturer/guide.py).
ANSWER_KEY = "ketamine_course/question"


def show(*questions: Question):
    """Display one widget per question, in order."""
    from dataclasses import asdict

    from IPython.display import display

    from .widgets import WithStaticView

    boxes = [question_widget(question) for question in questions]
    for question, box in zip(questions, boxes, strict=True):
        display(WithStaticView(box, html_view=static_html(question),
                               metadata={ANSWER_KEY: asdict(question)}))


# --- a quiz with a running score ---------------------------------------------------------

def score(questions: Sequence[Question], choices: Sequence[str | None]) -> tuple[int, int]:
    """(correct, answered) for one choice per question; None means not answered yet."""
    if len(choices) != len(questions):
        raise ValueError(f"choices: give one choice (or None) per question; got {len(choices)} "
                         f"for {len(questions)} questions.")
    results = [feedback(question, choice)[0] for question, choice in zip(questions, choices,
                                                                          strict=True)]
    return sum(result is True for result in results), sum(result is not None for result in results)


def score_text(correct: int, answered: int, total: int) -> str:
    """The running score in words, e.g. 'Score: 3 correct out of 4 answered (12 questions).'"""
    if total < 1:
        raise ValueError(f"total must be at least 1; got {total}.")
    if not 0 <= answered <= total:
        raise ValueError(f"answered must be between 0 and total ({total}); got {answered}.")
    if not 0 <= correct <= answered:
        raise ValueError(f"correct must be between 0 and answered ({answered}); got {correct}.")
    if answered == 0:
        return f"Score: no answers checked yet ({total} questions)."
    done = " All questions answered." if answered == total else ""
    return f"Score: {correct} correct out of {answered} answered ({total} questions).{done}"


OPTION_COLUMNS = ("option_1", "option_2", "option_3", "option_4")


def questions_from_table(table, topic_of: Callable[[object], str] | None = None,
                         name: str = "review_quiz", data_dir=None) -> list[Question]:
    """Questions from a table with prompt, option_1..option_4, answer (the number of the right
    option), explanation and, optionally, a column that ``topic_of`` turns into the topic.

    An answer that points at an empty option raises a DataError naming the file of table
    ``name``, the line and the column.
    """
    from .data import table_error

    questions = []
    for index, row in table.reset_index(drop=True).iterrows():
        options = tuple(str(row[column]) for column in OPTION_COLUMNS
                        if column in row and not _missing(row[column]))
        answer_number = int(row["answer"])
        if answer_number > len(options) or _missing(row[OPTION_COLUMNS[answer_number - 1]]):
            raise table_error(name, f"answer {answer_number} points at an empty option",
                              "the answer is the number of a filled option", line=index + 2,
                              column="answer", data_dir=data_dir)
        questions.append(Question(prompt=str(row["prompt"]), options=options,
                                  answer=str(row[OPTION_COLUMNS[answer_number - 1]]),
                                  explanation=str(row["explanation"]),
                                  topic=topic_of(row) if topic_of else None))
    return questions


def review_questions(table=None, data_dir=None) -> list[Question]:
    """The course's review quiz (data/review_quiz.csv), each question labelled with the
    notebook it revisits."""
    from .course import notebooks
    from .data import load

    titles = {int(notebook.number): notebook.short_title for notebook in notebooks(data_dir)}
    table = load("review_quiz", data_dir) if table is None else table
    return questions_from_table(
        table, topic_of=lambda row: f"Notebook {int(row['notebook']):02d}: "
                                    f"{titles[int(row['notebook'])]}", data_dir=data_dir)


def _missing(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value)) or not str(value).strip()


class Quiz:
    """Several questions shown together with a running score under each of them.

    The score counts the answers as they were when last checked; :meth:`answer` sets a
    choice and presses Check, for tests and scripts.
    """

    def __init__(self, questions: Sequence[Question]):
        import ipywidgets as widgets

        self.questions = tuple(questions)
        if not self.questions:
            raise ValueError("questions: give at least one Question.")
        if not all(isinstance(question, Question) for question in self.questions):
            raise ValueError("questions: every item must be a quiz.Question.")
        self.checked: list[str | None] = [None] * len(self.questions)
        # One score widget shown under every question: all its views update together.
        self.score_line = widgets.HTML(self._score_html())
        self.boxes = []
        for index, question in enumerate(self.questions):
            box = question_widget(question, on_check=partial(self._record, index))
            box.children = (*box.children, self.score_line)
            self.boxes.append(box)
        self.widget = widgets.VBox(self.boxes)

    @property
    def score(self) -> tuple[int, int]:
        """(correct, answered), counting each question as last checked."""
        return score(self.questions, self.checked)

    def _score_html(self) -> str:
        return f"<p><em>{html.escape(score_text(*self.score, len(self.questions)))}</em></p>"

    def _record(self, index: int, choice: str | None):
        self.checked[index] = choice
        self.score_line.value = self._score_html()

    def answer(self, index: int, choice: str | None):
        """Choose ``choice`` for question ``index`` (from 0) and press its Check button."""
        if not 0 <= index < len(self.questions):
            raise ValueError(f"index must be between 0 and {len(self.questions) - 1}; got {index}.")
        self.boxes[index].children[1].value = choice
        self.boxes[index].check()

    def static_html(self) -> str:
        """Every question and its options as numbered HTML, for readers without a kernel."""
        items = "".join(f"<li>{_question_html(question)}</li>" for question in self.questions)
        return (f'<ol>{items}</ol><p class="run-hint"><em>Run the notebook to check your '
                "answers; the score appears under each question.</em></p>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        from .widgets import WithStaticView

        return WithStaticView(self.widget, html_view=self.static_html())._repr_mimebundle_()
