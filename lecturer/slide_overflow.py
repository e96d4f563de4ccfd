"""List the slides whose content does not fit a 1280x720 projector (issue #17).

    python lecturer/slide_overflow.py [build/slides]      (after `make slides`)

Opens each deck in headless Chromium at 1280x720, steps through every slide and sub-slide,
and prints those whose content is taller or wider than the slide, with its first words:
the slides to split or shorten. Prints; asserts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser  # noqa: E402

CURRENT = """() => {
  const shown = [...document.querySelectorAll('.reveal .slides section.present')]
    .filter(section => !section.querySelector('section.present'))[0];
  if (!shown) return null;
  return {start: shown.innerText.slice(0, 60).replace(/\\n/g, ' '),
          tall: shown.scrollHeight - shown.clientHeight,
          wide: shown.scrollWidth - shown.clientWidth};
}"""


def overflowing(page) -> tuple[int, list[tuple[int, str, int]]]:
    """(slides seen, [(slide index, first words, pixels too tall)])."""
    seen, found, last, unchanged = 0, [], None, 0
    for index in range(400):
        slide = page.evaluate(CURRENT)
        key = slide and (slide["start"], slide["tall"])
        if key == last:
            unchanged += 1
            if unchanged > 3:
                break
        else:
            unchanged, seen = 0, seen + 1
            if slide["tall"] > 4 or slide["wide"] > 4:
                found.append((index, slide["start"], slide["tall"]))
        last = key
        page.keyboard.press("n")
        page.wait_for_timeout(60)
    return seen, found


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "build" / "slides"
    decks = sorted(folder.glob("*.slides.html"))
    if not decks:
        print(f"No slides in {folder}: run `make slides` first.", file=sys.stderr)
        return 1
    total = too_big = 0
    with browser() as instance:
        for deck in decks:
            page = instance.new_page(viewport={"width": 1280, "height": 720})
            page.goto(deck.as_uri(), wait_until="load")
            page.wait_for_selector(".reveal.ready", timeout=15000)
            seen, found = overflowing(page)
            total, too_big = total + seen, too_big + len(found)
            print(f"{deck.name}: {len(found)} of {seen} slides do not fit")
            for index, start, tall in found:
                print(f"  slide {index + 1}: {start!r} ({tall} px too tall)")
            page.close()
    print(f"All decks: {too_big} of {total} slides do not fit 1280x720")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
