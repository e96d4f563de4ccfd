"""Every notebook: the anatomy in CONTRIBUTING.md ("Write or change a notebook"), stored
outputs in order, alt text, re-run safety, and no network needed. (nbval, run by
pytest on notebooks/, compares the stored outputs themselves.)"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import NOTEBOOKS, ROOT, stored_image
from ketamine_course import course
from notebook_runner import run

IDS = [path.name for path in NOTEBOOKS]
REQUIRED_HEADINGS = ["## Overview", "## Learning objectives", "## Prerequisites",
                     "## Key points", "## References", "## Disclaimer"]


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell) -> str:
    return "".join(cell["source"])


def markdown(path) -> list[str]:
    return [text(cell) for cell in cells(path) if cell["cell_type"] == "markdown"]


def section(path, heading) -> str:
    """The markdown under ``heading`` up to the next heading of the same level."""
    joined = "\n\n".join(markdown(path))
    match = re.search(rf"^{re.escape(heading)}\s*$(.*?)(?=^## |\Z)", joined, re.M | re.S)
    assert match, f"{path.name}: no section {heading!r}"
    return match[1]


def bullets(block: str) -> list[str]:
    return re.findall(r"^\s*[-*] (.+)$", block, re.M)


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_anatomy(path):
    first = cells(path)[0]
    assert first["cell_type"] == "markdown" and text(first).startswith("# "), "title first"
    for heading in REQUIRED_HEADINGS:
        assert any(re.search(rf"^{re.escape(heading)}\s*$", md, re.M) for md in markdown(path)), \
            f"{path.name}: missing {heading!r}"
    assert re.search(r"\*\*Estimated time:\*\* \d+ minutes", "\n".join(markdown(path))), \
        f"{path.name}: no '**Estimated time:** N minutes'"
    assert len(bullets(section(path, "## Learning objectives"))) >= 2
    assert 3 <= len(bullets(section(path, "## Key points"))) <= 6
    last = text(cells(path)[-1])
    assert last.startswith("## Disclaimer"), f"{path.name}: must end with the disclaimer"
    assert "not medical advice" in last and "healthcare professional" in last


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_suicide_content_has_a_content_note_first(path):
    joined = "\n".join(text(cell) for cell in cells(path))
    mention = re.search(r"suicid", joined, re.I)
    if mention is None:
        pytest.skip("this notebook does not discuss suicide")
    note = joined.find("Content note")
    assert 0 <= note < mention.start(), "a content note must come before the first mention"
    assert "crisis" in joined[note:note + 1500].lower()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_outputs_are_stored_in_top_to_bottom_order(path):
    code = [cell for cell in cells(path) if cell["cell_type"] == "code" and text(cell).strip()]
    counts = [cell["execution_count"] for cell in code]
    assert counts == list(range(1, len(code) + 1)), \
        f"{path.name}: re-run it top to bottom in a fresh kernel (counts {counts})"
    for cell in code:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name}: stored error output"
            assert output.get("name") != "stderr", \
                f"{path.name}: stored stderr: {''.join(output.get('text', ''))[:200]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_image_has_alt_text_and_a_caption(path):
    notebook_cells = cells(path)
    figures = 0
    for index, cell in enumerate(notebook_cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for tag in re.findall(r"<img\b[^>]*>", "".join(data.get("text/html", ""))):
                alt = re.search(r'alt="([^"]*)"', tag)
                assert alt and len(alt[1].split()) >= 5, \
                    f"{path.name}: cell {index} has an HTML image without alt text"
            assert "image/png" not in data, \
                f"{path.name}: cell {index} stores a figure twice (use style.show)"
            if stored_image(data) is None:
                continue
            if "application/vnd.jupyter.widget-view+json" in data:
                continue  # a widget's static view; the widget's own caption follows it
            figures += 1
            following = notebook_cells[index + 1] if index + 1 < len(notebook_cells) else None
            assert following and following["cell_type"] == "markdown" and \
                text(following).startswith("**Figure"), \
                f"{path.name}: cell {index}'s figure needs a caption cell '**Figure N:** ...'"
    if path.name != "00_start_here.ipynb":
        assert figures, f"{path.name}: every notebook teaches through at least one figure"


def test_course_registry_lists_exactly_the_notebooks_on_disk():
    on_disk = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
    assert [path.name for path in NOTEBOOKS] == on_disk


@pytest.mark.parametrize("notebook", course.notebooks(), ids=IDS)
def test_course_registry_matches_each_title_and_time(notebook):
    first = text(cells(notebook.path)[0]).splitlines()[0]
    assert first == f"# {notebook.title}", "data/course.csv and the first heading disagree"
    stated = re.findall(r"\*\*Estimated time:\*\* (\d+) minutes",
                        "\n".join(markdown(notebook.path)))
    assert stated == [str(notebook.minutes)], "data/course.csv and 'Estimated time' disagree"


def offline_prefix() -> list[str] | None:
    """A command prefix that runs a program with loopback as the only network."""
    if sys.platform != "linux" or not (shutil.which("unshare") and shutil.which("ip")):
        return None
    command = ["unshare", "--net", "--map-root-user"] if os.geteuid() else ["unshare", "--net"]
    probe = subprocess.run([*command, "true"], capture_output=True, check=False)
    return command if probe.returncode == 0 else None


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_run_all_twice_in_one_kernel_with_no_network(path):
    """Run All twice in one kernel (a learner re-running a notebook) with loopback as the
    only network (Binder and hubs without internet): one kernel serves both checks."""
    prefix = offline_prefix()
    if prefix is None:
        assert run(path, passes=2) == []
        pytest.skip("ran twice in one kernel, but cannot cut the network here (needs Linux "
                    "unshare and ip, and root or user namespaces)")
    script = (f"ip link set lo up && exec {sys.executable} "
              f"{ROOT / 'tests' / 'notebook_runner.py'} --passes 2 --require-offline {path}")
    result = subprocess.run([*prefix, "sh", "-c", script], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def test_ruff_finds_nothing_in_package_tests_and_notebooks():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                             "ketamine_course", "tests", "notebooks", "benchmarks", "lecturer",
                             "deploy"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_notebooks_stay_light():
    """Each figure is stored once, as a palette PNG (style.image_bundle): small files keep
    clones, Binder builds and `git diff` fast. Budget: 500 kB each, 2.5 MB together."""
    sizes = {path.name: path.stat().st_size for path in NOTEBOOKS}
    assert max(sizes.values()) <= 500_000, sizes
    assert sum(sizes.values()) <= 2_500_000, sizes


def test_the_template_has_the_full_anatomy(tmp_path, data_copy, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "lecturer"))
    import slide_metadata
    from ketamine_course.new_notebook import new_notebook

    number = next_free_number(data_copy)
    path = new_notebook(f"{number}_new_topic", "A new topic", 30, notebook_dir=tmp_path,
                        data_dir=data_copy)
    test_anatomy(path)
    assert slide_metadata.missing(path) == []
    added = course.notebooks(data_copy)[-1]
    assert (added.number, added.file, added.title, added.minutes) == \
        (number, f"{number}_new_topic.ipynb", "A new topic", 30)
    with pytest.raises(ValueError, match="already exists"):
        new_notebook(f"{number}_other", "Another", 30, notebook_dir=tmp_path,
                     data_dir=data_copy)
    with pytest.raises(ValueError, match="NAME must be two digits"):
        new_notebook("topic", "A title", 30, notebook_dir=tmp_path, data_dir=data_copy)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_template_placeholder_is_left(path):
    from ketamine_course.new_notebook import PLACEHOLDERS, template_cells

    template = "\n".join(source for _, _, source in template_cells("Title", 30, "09"))
    assert all(placeholder in template for placeholder in PLACEHOLDERS)  # still the template's
    written = "\n".join(text(cell) for cell in cells(path))
    assert [placeholder for placeholder in PLACEHOLDERS if placeholder in written] == []


def next_free_number(data_dir) -> str:
    """The number `make new-notebook` would take next (10 once a notebook 09 exists)."""
    return f"{max(int(notebook.number) for notebook in course.notebooks(data_dir)) + 1:02d}"


@pytest.mark.slow
def test_the_template_runs(tmp_path, data_copy):
    from ketamine_course.new_notebook import new_notebook

    path = new_notebook(f"{next_free_number(data_copy)}_new_topic", "A new topic", 30,
                        notebook_dir=tmp_path, data_dir=data_copy)
    assert run(path) == []


def test_make_new_notebook_runs_the_module():
    result = subprocess.run(["make", "-n", "new-notebook", "NAME=09_x", "TITLE=X", "MINUTES=30"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert '-m ketamine_course.new_notebook "09_x" "X" "30"' in result.stdout
