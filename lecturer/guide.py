"""Render the lecturer guide: hand-written text plus parts generated from the course.

    python lecturer/guide.py            # writes lecturer/GUIDE.md (`make guide`)

lecturer/guide_template.md holds what a person writes (session plans, discussion
prompts, misconceptions, adapting the data). Markers in it are replaced by parts
that must never drift from the notebooks, so they are generated:

    <!-- generated: course-map -->     the notebooks and their minutes
    <!-- generated: case-studies -->   notebook 07's case studies with the points a
                                       good discussion reaches (data/case_studies.csv)
    <!-- generated: answers -->        every self-check question of every notebook
                                       and the review quiz, with answer and explanation

A test fails when GUIDE.md differs from a fresh render.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "lecturer" / "guide_template.md"
GUIDE = ROOT / "lecturer" / "GUIDE.md"


def course_notebooks():
    """The course's notebooks in teaching order (data/course.csv)."""
    from ketamine_course import course

    return course.notebooks()


def notebook_questions(path: Path) -> list[dict]:
    """The self-check questions a notebook displayed, read from its stored outputs
    (quiz.show keeps each question's answer in the output's metadata)."""
    from ketamine_course.quiz import ANSWER_KEY

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [output["metadata"][ANSWER_KEY] for cell in cells for output in cell.get("outputs", [])
            if ANSWER_KEY in output.get("metadata", {})]


def answers_section() -> str:
    from ketamine_course import quiz

    lines = []
    for notebook in course_notebooks():
        questions = notebook_questions(notebook.path)
        if not questions:
            continue
        lines += [f"### {notebook.number} {notebook.title}", ""]
        for number, question in enumerate(questions, start=1):
            lines += [f"{number}. **{question['prompt']}**  ",
                      f"   Answer: *{question['answer']}*. {question['explanation']}", ""]
    lines += ["### 08 Review quiz (data/review_quiz.csv)", ""]
    for number, question in enumerate(quiz.review_questions(), start=1):
        lines += [f"{number}. **{question.prompt}** ({question.topic})  ",
                  f"   Answer: *{question.answer}*. {question.explanation}", ""]
    return "\n".join(lines).rstrip()


def course_map_section() -> str:
    chosen = course_notebooks()
    lines = ["| Notebook | Title | Minutes |", "| --- | --- | --- |"]
    lines += [f"| {notebook.number} | {notebook.title} | {notebook.minutes} |"
              for notebook in chosen]
    lines.append(f"| | **Whole course** | **{sum(nb.minutes for nb in chosen)}** |")
    return "\n".join(lines)


def case_studies_section() -> str:
    """Every case in full, points included, from the same checked cases notebook 07 shows."""
    from ketamine_course.ethics import case_studies

    lines = []
    for case in case_studies():
        lines += [f"### {case.title}", ""]
        for heading, texts in (("Scenario", [case.scenario]), ("Discussion prompts", case.prompts),
                               ("Points a good discussion reaches", case.points)):
            lines += [f"**{heading}**", *[f"- {text}" for text in texts], ""]
    return "\n".join(lines).rstrip()


SECTIONS = {
    "course-map": course_map_section,
    "case-studies": case_studies_section,
    "answers": answers_section,
}


def render() -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, make in SECTIONS.items():
        marker = f"<!-- generated: {name} -->"
        if marker not in text:
            raise ValueError(f"{TEMPLATE.name} lacks the marker {marker}")
        text = text.replace(marker, f"{marker}\n\n{make()}")
    header = ("<!-- Made by `make guide` from lecturer/guide_template.md, the notebooks and "
              "data/; edit the template, not this file. -->\n\n")
    return header + text


def main() -> int:
    GUIDE.write_text(render(), encoding="utf-8")
    print(GUIDE.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
