"""Export every self-check and the review quiz for learning platforms.

    python lecturer/quiz_export.py [OUT]     (or: make quiz-export; default build/quizzes)

Writes, per quiz (each notebook's self-checks, and notebook 08's review quiz):

- ``NN_name.moodle.xml``: Moodle XML (Question bank > Import > Moodle XML format), one
  multiple-choice question per self-check, named by its notebook, number and opening words
  (``04 Q2: Why does oral ketamine need...``), with its right answer, a verdict on each
  choice ("Correct." or "Not this one.") and the explanation as general feedback (Moodle
  shows both after an attempt), in a category named after the notebook;
- ``NN_name.qti.zip``: QTI 1.2, the format Canvas (Settings > Import course content > QTI
  .zip file) and other platforms import, made by text2qti with the same names and the
  explanation as feedback.

The questions come from the notebooks' stored outputs (quiz.show keeps each question's
answer in the output's metadata, as the lecturer guide reads it) and from
data/review_quiz.csv, so the exports cannot drift from what learners see.
"""

from __future__ import annotations

import re
import sys
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "lecturer"))
sys.path.insert(0, str(ROOT))

CATEGORY_ROOT = "Ketamine in mental health"


@dataclass(frozen=True)
class Bank:
    """The questions of one quiz: its file stem, its title, the label its question names
    start with ("04", "08 Review") and the questions."""

    stem: str
    title: str
    label: str
    questions: list  # of dicts with prompt, options, answer, explanation (topic optional)


def banks() -> list[Bank]:
    """One bank per notebook with self-checks, then the review quiz."""
    from dataclasses import asdict

    from guide import course_notebooks, notebook_questions
    from ketamine_course import quiz

    result = [Bank(notebook.path.stem, f"{notebook.number} {notebook.title}", notebook.number,
                   notebook_questions(notebook.path))
              for notebook in course_notebooks()]
    result = [bank for bank in result if bank.questions]
    result.append(Bank("08_review_quiz", "08 Review quiz", "08 Review",
                       [asdict(question) for question in quiz.review_questions()]))
    return result


def question_name(bank: Bank, number: int) -> str:
    """How a platform's question bank lists the question: quiz, number, opening words."""
    prompt = bank.questions[number - 1]["prompt"]
    return f"{bank.label} Q{number}: {textwrap.shorten(prompt, 60, placeholder='...')}"


def prompt_of(question: dict) -> str:
    """The question as the platform shows it; a review question names its notebook."""
    topic = question.get("topic")
    return f"{question['prompt']} ({topic})" if topic else question["prompt"]


# --- Moodle XML ----------------------------------------------------------------------------

def _text(parent, tag: str, value: str, html: bool = False):
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = value
    return element


def moodle_xml(bank: Bank) -> str:
    """The bank as Moodle XML: a category, then one multichoice question per item."""
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    _text(category, "category", f"$course$/top/{CATEGORY_ROOT}/{bank.title}")
    for number, question in enumerate(bank.questions, start=1):
        item = ET.SubElement(quiz, "question", {"type": "multichoice"})
        _text(item, "name", question_name(bank, number))
        _text(item, "questiontext", f"<p>{_html(prompt_of(question))}</p>", html=True)
        _text(item, "generalfeedback", f"<p>{_html(question['explanation'])}</p>", html=True)
        for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"),
                           ("single", "true"), ("shuffleanswers", "false"),
                           ("answernumbering", "abc")):
            ET.SubElement(item, tag).text = value
        for option in question["options"]:
            right = option == question["answer"]
            answer = ET.SubElement(item, "answer", {"fraction": "100" if right else "0",
                                                    "format": "html"})
            ET.SubElement(answer, "text").text = f"<p>{_html(option)}</p>"
            _text(answer, "feedback", "<p>Correct.</p>" if right else "<p>Not this one.</p>",
                  html=True)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- QTI 1.2 (text2qti) --------------------------------------------------------------------

# What Markdown (and text2qti's $...$ maths) would read as markup, backslash-escaped. &, <
# and straight quotes become entities: Markdown passes HTML through, and text2qti's
# "smarty" extension would curl quotes and apostrophes.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!.>$-])")
ENTITIES = {"&": "&amp;", "<": "&lt;", "'": "&#39;", '"': "&quot;"}


def _plain(text: str) -> str:
    """``text`` for text2qti's Markdown, read back as the same characters."""
    text = "".join(ENTITIES.get(character, character) for character in " ".join(text.split()))
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def text2qti_source(bank: Bank) -> str:
    """The bank in text2qti's plain-text quiz format."""
    lines = [f"Quiz title: {_plain(bank.title)}",
             "Quiz description: Self-checks of the open course on ketamine in mental health.",
             ""]
    for number, question in enumerate(bank.questions, start=1):
        lines.append(f"Title: {question_name(bank, number)}")  # plain text, not Markdown
        lines.append(f"{number}.  {_plain(prompt_of(question))}")
        lines.append(f"... {_plain(question['explanation'])}")
        for index, option in enumerate(question["options"]):
            letter = "abcdefghij"[index]
            mark = "*" if option == question["answer"] else ""
            lines.append(f"{mark}{letter}) {_plain(option)}")
        lines.append("")
    return "\n".join(lines)


def qti_zip(bank: Bank, path: Path) -> Path:
    from text2qti.config import Config
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    quiz = Quiz(text2qti_source(bank), config=Config(), source_name=f"{bank.stem}.txt")
    QTI(quiz).save(path)
    return path


def export(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for bank in banks():
        moodle = out_dir / f"{bank.stem}.moodle.xml"
        moodle.write_text(moodle_xml(bank), encoding="utf-8")
        written += [moodle, qti_zip(bank, out_dir / f"{bank.stem}.qti.zip")]
    return written


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else ROOT / "build" / "quizzes"
    for path in export(out_dir):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
