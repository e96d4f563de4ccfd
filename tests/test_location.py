"""The package finds the course wherever it is: the hub route (package installed in the
image, course pulled into the learner's home), a clone, or $KETAMINE_COURSE_DIR."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from ketamine_course import location
from ketamine_course.location import ENV_VAR, CourseNotFound, course_dir


def course_copy(folder: Path) -> Path:
    """data/ and notebooks/ of the course, copied into ``folder``/course."""
    course = folder / "course"
    shutil.copytree(ROOT / "data", course / "data")
    shutil.copytree(ROOT / "notebooks", course / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return course


def test_a_notebook_folder_finds_its_own_course(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    course = course_copy(tmp_path)
    assert course_dir(course / "notebooks") == course.resolve()
    assert course_dir(course) == course.resolve()


def test_the_environment_variable_comes_first_and_must_hold_a_course(tmp_path, monkeypatch):
    course = course_copy(tmp_path)
    monkeypatch.setenv(ENV_VAR, str(course))
    assert course_dir(ROOT / "notebooks") == course.resolve()
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(CourseNotFound, match=f"\\${ENV_VAR} is .*nowhere.* does not hold"):
        course_dir()


def test_no_course_anywhere_names_every_folder_tried(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    installed = tmp_path / "site-packages" / "ketamine_course" / "location.py"
    monkeypatch.setattr(location, "__file__", str(installed))
    start = tmp_path / "home" / "learner"
    start.mkdir(parents=True)
    with pytest.raises(CourseNotFound) as caught:
        course_dir(start)
    message = str(caught.value)
    assert str(start) in message and str(tmp_path / "site-packages") in message
    assert f"set ${ENV_VAR}" in message and "ketamine-course/ in your home folder" in message


@pytest.mark.slow
def test_an_installed_package_runs_notebook_00_from_a_separate_copy(tmp_path):
    """The README's hub route: `pip install --no-deps .` (not editable) in the image, the
    course in another folder; the kernel starts in the copy's notebooks/ and finds it."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "ketamine_course", source / "ketamine_course",
                    ignore=shutil.ignore_patterns("__pycache__"))
    installed = tmp_path / "image-site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(installed), str(source)], check=True, timeout=300)
    course = course_copy(tmp_path / "home" / "learner")
    env = {key: value for key, value in os.environ.items() if key != ENV_VAR}
    env["PYTHONPATH"] = str(installed)  # before the editable install of the repository

    where = subprocess.run([sys.executable, "-c", "import ketamine_course; "
                            "print(ketamine_course.__file__)"], env=env, cwd=course,
                           capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(installed))

    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(course / "notebooks" / "00_start_here.ipynb", as_version=4)
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(installed)  # the kernel inherits it
    try:
        NotebookClient(notebook, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(course / "notebooks")}}).execute()
    finally:
        if previous is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = previous
    errors = [output for cell in notebook.cells for output in cell.get("outputs", [])
              if output.output_type == "error"]
    assert errors == []
    course_map = next(cell for cell in notebook.cells
                      if cell.cell_type == "code" and "course.course_map()" in cell.source)
    shown = "".join(output.get("data", {}).get("text/html", "")
                    for output in course_map.outputs)
    assert "04_routes_of_administration.ipynb" in shown or "Routes of administration" in shown

    outside = subprocess.run([sys.executable, "-c", "from ketamine_course import data; "
                              "data.load('routes')"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, check=False)
    assert outside.returncode != 0
    assert "CourseNotFound" in outside.stderr and "was not found. Tried:" in outside.stderr
