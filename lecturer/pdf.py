"""The slides and the handouts as PDF, offline, through headless Chromium (`make pdf`).

    python lecturer/pdf.py [OUT] [--notes]      (default OUT: build/pdf)

Reads the HTML that `make slides` and `make handouts` wrote (build/slides, build/handouts)
and writes OUT/slides/NN_name.pdf (one slide per page, reveal.js's print layout, speaker
notes left out) and OUT/handouts/NN_name.pdf (A4). With --notes the slides go to
OUT/lecturer-slides/ instead, each slide followed by a page of its notes: the learners'
slides in OUT/slides/ stay as they were, so notes never reach a folder meant for learners.
The PDFs are tagged: their text can be extracted and read aloud, and each figure keeps its
alt text. Learners' handouts carry no speaker notes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser  # noqa: E402

# reveal.js reads options from the address: one page per slide, fragments not split out.
PRINT = "?print-pdf&pdfMaxPagesPerSlide=1&pdfSeparateFragments=false"
SLIDE_SIZE = {"width": "960px", "height": "700px"}  # nbconvert's reveal.js slide size
MATHJAX_DONE = "() => !window.MathJax || !MathJax.Hub || MathJax.Hub.queue.pending === 0"


def slides_pdf(instance, deck: Path, out: Path, notes: bool = False) -> Path:
    page = instance.new_page()
    page.goto(deck.as_uri() + PRINT + ("&showNotes=separate-page" if notes else ""),
              wait_until="load")
    page.wait_for_selector(".reveal.ready", timeout=30000)
    page.wait_for_function(MATHJAX_DONE, timeout=30000)
    # reveal.js marks every slide but the current one hidden from assistive technology;
    # on paper all are shown, and Chromium tags only what is not hidden.
    page.evaluate("document.querySelectorAll('.reveal .slides section').forEach(section => {"
                  " section.removeAttribute('aria-hidden'); section.removeAttribute('hidden'); })")
    # reveal.js lays out one .pdf-page per slide, and each separate page of notes after its
    # slide; Chromium would add a blank page after the last.
    pages = page.evaluate("document.querySelectorAll('.pdf-page').length + document"
                          ".querySelectorAll('.speaker-notes-pdf[data-layout=\"separate-page\"]')"
                          ".length")
    page.pdf(path=str(out), print_background=True, tagged=True, prefer_css_page_size=True,
             page_ranges=f"1-{pages}", **SLIDE_SIZE)
    page.close()
    return out


# A4 less the handout's side margins (12 mm each), in CSS pixels: the width a page lays out.
A4_TEXT_WIDTH = 703
# A table wider than the page (the route table's eleven columns) would be cut off at its
# right edge on paper: its type shrinks until it fits, down to 8 px; if it still does not
# fit, its cells may break words anywhere, so nothing is lost.
FIT_TABLES = """() => {
  for (const table of document.querySelectorAll('table')) {
    const room = () => table.parentElement.getBoundingClientRect().width;
    const wide = () => table.getBoundingClientRect().width > room() + 1;
    for (let step = 0; step < 6 && wide(); step++) {
      const size = parseFloat(getComputedStyle(table).fontSize);
      table.style.fontSize = Math.max(8, size * room() / table.getBoundingClientRect().width
                                         - 0.3) + 'px';
    }
    if (wide()) table.querySelectorAll('td, th').forEach(cell => {
      cell.style.overflowWrap = 'anywhere'; });
  }
}"""


def handout_pdf(instance, handout: Path, out: Path) -> Path:
    page = instance.new_page(viewport={"width": A4_TEXT_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    page.goto(handout.as_uri(), wait_until="load")
    page.wait_for_function(MATHJAX_DONE, timeout=30000)
    # On paper nothing can be unfolded: print every folded table of numbers open.
    page.evaluate("document.querySelectorAll('details').forEach(fold => { fold.open = true; })")
    page.evaluate(FIT_TABLES)
    page.pdf(path=str(out), format="A4", print_background=True, tagged=True, outline=True,
             margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
    page.close()
    return out


def build_pdfs(out_dir: Path, notes: bool = False, slides_dir: Path | None = None,
               handouts_dir: Path | None = None) -> list[Path]:
    slides_dir = slides_dir or ROOT / "build" / "slides"
    handouts_dir = handouts_dir or ROOT / "build" / "handouts"
    decks = sorted(slides_dir.glob("*.slides.html"))
    handouts = sorted(handouts_dir.glob("*.html"))
    if not decks or not handouts:
        raise SystemExit("Run `make slides` and `make handouts` first (or `make pdf`).")
    slides_out = out_dir / ("lecturer-slides" if notes else "slides")
    slides_out.mkdir(parents=True, exist_ok=True)
    (out_dir / "handouts").mkdir(parents=True, exist_ok=True)
    written = []
    with browser() as instance:
        for deck in decks:
            name = deck.name.removesuffix(".slides.html")
            written.append(slides_pdf(instance, deck, slides_out / f"{name}.pdf", notes))
        for handout in handouts:
            written.append(handout_pdf(instance, handout,
                                       out_dir / "handouts" / f"{handout.stem}.pdf"))
    return written


def main(argv: list[str]) -> int:
    notes = "--notes" in argv
    folders = [argument for argument in argv if argument != "--notes"]
    out_dir = Path(folders[0]) if folders else ROOT / "build" / "pdf"
    start = time.perf_counter()
    written = build_pdfs(out_dir, notes)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    print(f"{len(written)} PDFs in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
