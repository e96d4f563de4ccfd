"""Check that every slide fits a 1280x720 projector (issue #17).

    python lecturer/slide_overflow.py [build/slides]      (after `make slides`)

Opens each deck in headless Chromium at 1280x720, shows every slide and sub-slide in turn
and prints those whose content runs past the slide's bottom or right edge, with their first
words. The slides template continues long slides on sub-slides (templates/slides/
paginate.js), so the list should be empty; tests/test_slides.py asserts it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser  # noqa: E402

PROJECTOR = {"width": 1280, "height": 720}
# Sub-slides per slide, in order.
SHAPE = """() => [...document.querySelectorAll('.reveal .slides > section')]
  .map(slide => Math.max(1, slide.querySelectorAll(':scope > section').length))"""
# The slide on screen and how far its content runs past the slide, in slide pixels
# (reveal.js lays slides out at 960x700 and scales them to the window). Wide content may
# sit in a box that scrolls or clips it, so every element's right edge is measured.
MEASURE = """() => {
  const shown = [...document.querySelectorAll('.reveal .slides section.present')]
    .filter(section => !section.querySelector('section.present'))[0];
  const slides = document.querySelector('.reveal .slides');
  const scale = slides.getBoundingClientRect().width / slides.offsetWidth;
  const left = shown.getBoundingClientRect().left;
  const rights = [...shown.querySelectorAll('*')].map(element => element.getBoundingClientRect())
    .filter(box => box.width > 0 && box.height > 0).map(box => (box.right - left) / scale);
  return {start: shown.innerText.trim().slice(0, 60).replace(/\\s+/g, ' '),
          text: shown.innerText,
          tall: shown.offsetTop + Math.max(shown.offsetHeight, shown.scrollHeight)
                - slides.offsetHeight,
          wide: Math.round(Math.max(0, ...rights) - slides.offsetWidth)};
}"""


def open_deck(instance, deck: Path):
    page = instance.new_page(viewport=PROJECTOR)
    page.goto(deck.as_uri(), wait_until="load")
    page.wait_for_selector(".reveal.ready", timeout=30000)
    return page


# Every slide shown in turn by reveal.js (the template exposes it as window.Reveal) and
# measured at once, in the page: one call instead of a round trip per slide.
EVERY_SLIDE = """() => {
  const measure = """ + MEASURE + """;
  const shown = [];
  (""" + SHAPE + """)().forEach((count, across) => {
    for (let down = 0; down < count; down++) {
      Reveal.slide(across, down);
      shown.push({position: across + '/' + down, ...measure()});
    }
  });
  return shown;
}"""


def every_slide(page):
    """Each slide and sub-slide of the open deck as shown: dicts with its position
    ("h/v"), first words, text, and pixels too tall and too wide (<= 0 when it fits)."""
    return page.evaluate(EVERY_SLIDE)


def too_big(slide: dict) -> bool:
    return slide["tall"] > 2 or slide["wide"] > 2


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "build" / "slides"
    decks = sorted(folder.glob("*.slides.html"))
    if not decks:
        print(f"No slides in {folder}: run `make slides` first.", file=sys.stderr)
        return 1
    total = failing = 0
    with browser() as instance:
        for deck in decks:
            page = open_deck(instance, deck)
            slides = every_slide(page)
            found = [slide for slide in slides if too_big(slide)]
            total, failing = total + len(slides), failing + len(found)
            print(f"{deck.name}: {len(found)} of {len(slides)} slides do not fit")
            for slide in found:
                print(f"  {slide['position']}: {slide['start']!r} ({slide['tall']} px too tall,"
                      f" {slide['wide']} px too wide)")
            page.close()
    print(f"All decks: {failing} of {total} slides do not fit 1280x720")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
