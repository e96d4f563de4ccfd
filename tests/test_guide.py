"""The lecturer guide: generated parts are current, every self-check is answered, and
every citation resolves to data/references.bib."""

from __future__ import annotations

import re
import sys

from conftest import NOTEBOOKS, ROOT
from ketamine_course import quiz
from ketamine_course.data import references

sys.path.insert(0, str(ROOT / "lecturer"))
import guide  # noqa: E402

GUIDE_TEXT = guide.GUIDE.read_text(encoding="utf-8")


def test_guide_is_current():
    assert GUIDE_TEXT == guide.render(), "lecturer/GUIDE.md is stale: run `make guide`"


def test_every_notebook_question_is_answered():
    asked = [question for path in NOTEBOOKS for question in guide.notebook_questions(path)]
    written = sum(path.read_text(encoding="utf-8").count("quiz.Question(") for path in NOTEBOOKS)
    assert len(asked) == written, "each question written in a notebook is stored with its answer"
    for question in asked:
        assert question["answer"] in question["options"]
        assert f"**{question['prompt']}**" in GUIDE_TEXT
        assert f"Answer: *{question['answer']}*. {question['explanation']}" in GUIDE_TEXT
    for question in quiz.review_questions():
        assert f"**{question.prompt}**" in GUIDE_TEXT and f"*{question.answer}*" in GUIDE_TEXT


def test_guide_has_the_sections_lecturers_need():
    for heading in ("50-minute", "90-minute", "three-session", "misconception",
                    "another country", "Answers to every self-check"):
        assert re.search(rf"^#+ .*{re.escape(heading)}", GUIDE_TEXT, re.M | re.I), heading


def test_every_citation_in_the_guide_exists():
    keys = set(re.findall(r"\[([a-z][a-z0-9_]+)\]", GUIDE_TEXT))
    assert keys, "the guide cites its sources by BibTeX key"
    assert keys <= set(references()), sorted(keys - set(references()))
