"""Self-check questions with immediate feedback, shared by every notebook.

A notebook states its questions as data and calls :func:`show`; the widget code lives
here once. The feedback logic is a pure function (:func:`feedback`) so tests can check
it without a browser.
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    """A multiple-choice question with one right answer and an explanation."""

    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str

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


def question_widget(question: Question):
    """A radio list, a Check button and a feedback line for one question."""
    import ipywidgets as widgets

    choices = widgets.RadioButtons(options=list(question.options), value=None,
                                   layout=widgets.Layout(width="auto"))
    check = widgets.Button(description="Check", button_style="primary")
    result = widgets.HTML()

    def on_check(_button=None):
        correct, text = feedback(question, choices.value)
        mark = {True: "✔", False: "✘", None: "…"}[correct]
        result.value = f"<p><strong>{mark}</strong> {text}</p>"

    check.on_click(on_check)
    box = widgets.VBox([widgets.HTML(f"<p><strong>{question.prompt}</strong></p>"), choices,
                        check, result])
    box.check = on_check  # so tests and scripts can press the button
    return box


def static_html(question: Question) -> str:
    """The question and its options as HTML, for readers without a live kernel."""
    options = "".join(f"<li>{html.escape(option)}</li>" for option in question.options)
    return (f"<p><strong>{html.escape(question.prompt)}</strong></p><ul>{options}</ul>"
            "<p><em>Run the notebook to check your answer.</em></p>")


def show(*questions: Question):
    """Display one widget per question, in order."""
    from IPython.display import display

    from .widgets import WithStaticView

    boxes = [question_widget(question) for question in questions]
    for question, box in zip(questions, boxes, strict=True):
        display(WithStaticView(box, html_view=static_html(question)))
