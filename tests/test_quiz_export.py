"""The quiz export (`make quiz-export`): Moodle XML and QTI 1.2 files, parsed back and compared
with the questions the notebooks show and data/review_quiz.csv."""

from __future__ import annotations

import html
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "lecturer"))
import quiz_export  # noqa: E402
from guide import course_notebooks, notebook_questions  # noqa: E402
from ketamine_course import quiz  # noqa: E402

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


def expected() -> dict[str, list[dict]]:
    """What learners see, by file stem: each notebook's questions, then the review quiz."""
    banks = {notebook.path.stem: notebook_questions(notebook.path)
             for notebook in course_notebooks()}
    banks = {stem: questions for stem, questions in banks.items() if questions}
    banks["08_review_quiz"] = [
        {"prompt": f"{question.prompt} ({question.topic})", "options": list(question.options),
         "answer": question.answer, "explanation": question.explanation}
        for question in quiz.review_questions()]
    return banks


def names(stem: str) -> list[str]:
    """The names a platform lists the quiz's questions under: the notebook's number (with
    "Review" for the review quiz), the question's number and the prompt's opening words."""
    label = "08 Review" if stem == "08_review_quiz" else stem[:2]
    prompts = [question.prompt for question in quiz.review_questions()] \
        if stem == "08_review_quiz" else [question["prompt"] for question in expected()[stem]]
    return [f"{label} Q{number}: {' '.join(prompt.split()[:3])}"
            for number, prompt in enumerate(prompts, start=1)]


def assert_named(found: list[dict], stem: str):
    """Each question's name starts as :func:`names` says and stays short."""
    expected_names = names(stem)
    assert [question["name"][:len(name)]
            for question, name in zip(found, expected_names, strict=True)] == expected_names
    assert all(len(question["name"]) <= 80 for question in found)


def plain(markup: str) -> str:
    """Text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("quizzes")
    quiz_export.export(out)
    return out


def moodle_questions(path) -> list[dict]:
    root = ET.parse(path).getroot()
    assert root.tag == "quiz" and root[0].get("type") == "category"
    questions = []
    for item in root.findall("question[@type='multichoice']"):
        answers = item.findall("answer")
        questions.append({
            "name": item.findtext("name/text"),
            "prompt": plain(item.findtext("questiontext/text")),
            "options": [plain(answer.findtext("text")) for answer in answers],
            "answer": next(plain(answer.findtext("text")) for answer in answers
                           if answer.get("fraction") == "100"),
            "explanation": plain(item.findtext("generalfeedback/text")),
            "feedback": [plain(answer.findtext("feedback/text")) for answer in answers]})
    return questions


def qti_questions(path) -> list[dict]:
    with zipfile.ZipFile(path) as archive:
        name = next(name for name in archive.namelist()
                    if name.endswith(".xml") and "text2qti_assessment_" in name
                    and not name.endswith("assessment_meta.xml"))
        root = ET.fromstring(archive.read(name))
    questions = []
    for item in root.iter(f"{QTI}item"):
        labels = item.findall(f".//{QTI}response_label")
        text_of = {label.get("ident"): plain(label.findtext(f".//{QTI}mattext"))
                   for label in labels}
        right = item.find(f".//{QTI}respcondition/{QTI}setvar/..").findtext(
            f".//{QTI}varequal")
        feedback = item.find(f"{QTI}itemfeedback[@ident='general_fb']")
        questions.append({
            "name": item.get("title"),
            "prompt": plain(item.find(f"{QTI}presentation/{QTI}material").findtext(
                f"{QTI}mattext")),
            "options": list(text_of.values()), "answer": text_of[right],
            "explanation": plain(feedback.findtext(f".//{QTI}mattext"))})
    return questions


def normalised(questions: list[dict]) -> list[dict]:
    return [{"prompt": " ".join(question["prompt"].split()),
             "options": [" ".join(option.split()) for option in question["options"]],
             "answer": " ".join(question["answer"].split()),
             "explanation": " ".join(question["explanation"].split())}
            for question in questions]


def test_every_quiz_is_exported_in_both_formats(exported):
    stems = list(expected())
    assert len(stems) >= 9
    assert sorted(path.name for path in exported.iterdir()) == sorted(
        [f"{stem}.moodle.xml" for stem in stems] + [f"{stem}.qti.zip" for stem in stems])


@pytest.mark.parametrize("stem", list(expected()))
def test_moodle_xml_carries_each_question_answer_and_feedback(exported, stem):
    found = moodle_questions(exported / f"{stem}.moodle.xml")
    assert normalised(found) == normalised(expected()[stem])
    assert_named(found, stem)
    # A verdict on each choice; the explanation once, as general feedback (Moodle shows
    # both, so an explanation in each choice's feedback would show twice).
    for question in found:
        assert question["feedback"] == ["Correct." if option == question["answer"]
                                        else "Not this one." for option in question["options"]]


@pytest.mark.parametrize("stem", list(expected()))
def test_qti_carries_each_question_answer_and_feedback(exported, stem):
    found = qti_questions(exported / f"{stem}.qti.zip")
    assert normalised(found) == normalised(expected()[stem])
    assert_named(found, stem)


def test_markdown_characters_survive_the_qti_export(tmp_path):
    """text2qti reads Markdown: a price in dollars, an asterisk or an underscore must come
    back as written, not as maths or emphasis."""
    bank = quiz_export.Bank("special", "Special", "99", [{
        "prompt": "Is $1,000 more than 2*3 or a_b [x]?", "options": ["Yes <sure>", "No - 5%"],
        "answer": "Yes <sure>", "explanation": "Because #1 & (2) ~ ^3."}])
    (found,) = qti_questions(quiz_export.qti_zip(bank, tmp_path / "special.zip"))
    assert normalised([found]) == normalised(bank.questions)
