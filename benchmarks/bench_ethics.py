"""Notebooks 07 and 08: quiz check to updated score, and the static figures. Prints figures;
asserts nothing.

    .venv/bin/python benchmarks/bench_ethics.py

Measures, in one process (Agg):

- the review quiz (notebook 08, 14 questions): the median time from setting a choice and
  pressing Check to the updated feedback line and running score, against the naive
  approach of building the whole quiz again for every check (what re-running the cell,
  or an ``interact`` callback, would do);
- the cost chart (07) and the evidence map (08): drawing the figure and encoding the PNG
  that ``style.show`` displays, in notebook and lecture mode;
- loading and checking the case studies (07) once their table is cached.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib.pyplot as plt  # noqa: E402
from timing import median_ms, report  # noqa: E402

from ketamine_course import ethics, quiz, style  # noqa: E402
from ketamine_course.diagrams.ethics import cost_alt, cost_chart  # noqa: E402
from ketamine_course.diagrams.review import evidence_alt, evidence_map  # noqa: E402

QUIZ_TARGET_MS = 30  # an answer should feel immediate


def render(draw, alt, mode):
    def action(_index):
        fig = draw(mode=mode)
        png = style.figure_png(fig)
        plt.close(fig)
        return png, alt()
    return action


def main():
    questions = quiz.review_questions()
    review = quiz.Quiz(questions)

    def check_live(index):
        position = index % len(questions)
        question = questions[position]
        # Alternate right and wrong answers so every call changes the feedback and score.
        wrong = next(option for option in question.options if option != question.answer)
        review.answer(position, question.answer if index % 2 else wrong)
        return review.score_line.value

    def check_naive(index):
        rebuilt = quiz.Quiz(questions)
        rebuilt.answer(index % len(questions), questions[index % len(questions)].answer)
        return rebuilt.score_line.value

    print(f"review quiz ({len(questions)} questions): Check pressed -> feedback and score "
          "updated (median of 50, in-process)")
    live_ms = median_ms(check_live)
    report("check one answer, update feedback and shared score line", live_ms, QUIZ_TARGET_MS)
    print(f"{'':<58} ({live_ms * 1000:.0f} microseconds)")
    report("naive: build the whole quiz again for each check", median_ms(check_naive))

    print("static figures: draw + PNG for style.show (median of 10)")
    for name, draw, alt in (("cost chart (07)", cost_chart, cost_alt),
                            ("evidence map (08)", evidence_map, evidence_alt)):
        for mode in style.MODES:
            report(f"{name}, {mode} mode", median_ms(render(draw, alt, mode), repeat=10,
                                                       warmup=1))

    print("case studies (07)")
    report("load, check and format the three cases (table cached)",
           median_ms(lambda _index: [ethics.case_markdown(case, number) for number, case
                                     in enumerate(ethics.case_studies(), start=1)]))


if __name__ == "__main__":
    main()
