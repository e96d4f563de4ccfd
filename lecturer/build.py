"""Build the lecturer kit's offline outputs from the notebooks' stored outputs.

    python lecturer/build.py slides   [OUT]   # reveal.js slides, default build/slides
    python lecturer/build.py handouts [OUT]   # standalone HTML handouts, default build/handouts
    python lecturer/build.py lecturer-handouts [OUT]   # with the speaker notes and all code

Both work with no network: reveal.js, require.js, jQuery and MathJax come from the npm
registry at build time (lecturer/package.json, installed into lecturer/node_modules by
`make slides` / `make handouts`) and are copied next to the HTML, never loaded from a
CDN. Interactive figures appear as the static image of their default state, with alt
text (nbconvert's classic template keeps it; the lab template drops it). On slides and in
learners' handouts, only the model cells show their code, and a slide too long for the
screen continues on sub-slides (templates/slides/paginate.js, measured in the browser).
"""

from __future__ import annotations

import copy
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "lecturer"
NODE_MODULES = KIT / "node_modules"
VENDOR = "vendor"

# Handouts and slides show what a reader without a kernel can see: the static views
# (HTML, PNG) come before the live-widget view, which needs a running kernel.
DISPLAY_PRIORITY = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/latex",
    "text/plain",
]

# What MathJax 2 needs for the TeX-AMS_CHTML configuration, not its 70 MB whole.
MATHJAX_PARTS = [
    "MathJax.js",
    "config/TeX-AMS_CHTML-full.js",
    "config/Safe.js",
    "extensions",
    "jax/input/TeX",
    "jax/output/CommonHTML",
    "jax/element",
    "fonts/HTML-CSS/TeX/woff",
    "localization/en",
]


HIDE_INPUT_TAG = "remove_input"
# Code a slide shows: the model cells, which teach (tagged in the notebooks). Every other
# input is plumbing on a slide (style.show(...), quiz definitions): its output stays.
TEACHING_TAG = "teaching-model"


def hide_plumbing(notebook):
    """A copy of ``notebook`` whose code inputs are hidden, except the teaching ones."""
    result = copy.deepcopy(notebook)
    for cell in result.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and TEACHING_TAG not in tags and HIDE_INPUT_TAG not in tags:
            cell.metadata["tags"] = [*tags, HIDE_INPUT_TAG]
    return result


def without_speaker_notes(notebook):
    """A copy of ``notebook`` without its speaker-notes cells: handouts are for learners."""
    result = copy.deepcopy(notebook)
    result.cells = [cell for cell in result.cells
                    if cell.metadata.get("slideshow", {}).get("slide_type") != "notes"]
    return result


KINDS = ("slides", "handouts", "lecturer-handouts")


def copy_vendor(out_dir: Path) -> None:
    """Copy the front-end files the pages load into ``out_dir/vendor``."""
    if not NODE_MODULES.is_dir():
        raise SystemExit("lecturer/node_modules is missing: run `make slides` or "
                         "`npm ci --prefix lecturer` first.")
    vendor = out_dir / VENDOR
    if vendor.exists():
        shutil.rmtree(vendor)
    for part in MATHJAX_PARTS:
        source = NODE_MODULES / "mathjax" / part
        target = vendor / "mathjax" / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    shutil.copy2(NODE_MODULES / "requirejs" / "require.js", vendor / "require.js")
    shutil.copy2(NODE_MODULES / "jquery" / "dist" / "jquery.min.js", vendor / "jquery.min.js")
    reveal = NODE_MODULES / "reveal.js"
    for part in ("dist", "plugin/notes"):
        shutil.copytree(reveal / part, vendor / "reveal.js" / part)


def exporter_config(template: str):
    from traitlets.config import Config

    config = Config()
    config.TemplateExporter.extra_template_basedirs = [str(KIT / "templates")]
    config.TemplateExporter.template_name = template
    config.NbConvertBase.display_data_priority = DISPLAY_PRIORITY
    config.HTMLExporter.mathjax_url = f"{VENDOR}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    config.HTMLExporter.require_js_url = f"{VENDOR}/require.js"
    config.HTMLExporter.jquery_url = f"{VENDOR}/jquery.min.js"
    config.HTMLExporter.embed_images = True
    # "In [3]:" prompts help nobody on paper, and their orange fails WCAG contrast.
    config.TemplateExporter.exclude_input_prompt = True
    config.TemplateExporter.exclude_output_prompt = True
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {HIDE_INPUT_TAG}
    config.SlidesExporter.reveal_url_prefix = f"{VENDOR}/reveal.js"
    config.SlidesExporter.reveal_theme = "white"  # its fonts ship with reveal.js; others use a CDN
    return config


def build(kind: str, out_dir: Path, notebooks=None) -> list[Path]:
    """Export ``notebooks`` (default: the course, in order) as ``kind`` ("slides",
    "handouts" for learners, without speaker notes and with the teaching code only, or
    "lecturer-handouts" with notes and all code); returns the pages."""
    import nbformat
    from nbconvert import HTMLExporter, SlidesExporter

    from ketamine_course import course

    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_vendor(out_dir)
    if kind == "slides":
        exporter = SlidesExporter(config=exporter_config("slides"))
    else:
        exporter = HTMLExporter(config=exporter_config("handout"))
    chosen = course.notebooks() if notebooks is None else notebooks
    pages = []
    for entry in chosen:
        notebook_path = entry.path
        notebook = nbformat.read(notebook_path, as_version=4)
        notebook.metadata["title"] = entry.title
        if kind == "slides":
            notebook = hide_plumbing(notebook)
        elif kind == "handouts":
            # Learners read the outputs; the quiz definitions' code would give the answers
            # away. The lecturer edition keeps every input.
            notebook = hide_plumbing(without_speaker_notes(notebook))
        body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {
            "name": notebook_path.stem, "path": str(notebook_path.parent)}})
        suffix = ".slides.html" if kind == "slides" else ".html"
        page = out_dir / f"{notebook_path.stem}{suffix}"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
    return pages


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in KINDS:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / argv[0]
    for page in build(argv[0], out_dir):
        print(page.relative_to(ROOT) if page.is_relative_to(ROOT) else page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
