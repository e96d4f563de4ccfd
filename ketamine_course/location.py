"""Where the course is: the folder that holds data/ and notebooks/.

The package is code; the course is a folder a learner owns: a git clone, a Binder image, or
the copy nbgitpuller puts into each learner's home on a JupyterHub, while the package itself
is installed elsewhere (a hub's user image). The package looks for the course, in order:

1. ``$KETAMINE_COURSE_DIR``, when set (an error if it does not hold a course);
2. the current folder and its parents: a kernel starts in its notebook's folder, so a
   notebook finds the course it belongs to, wherever nbgitpuller put it;
3. the folder the package was installed from (a clone with an editable install).

A folder is the course when it holds data/datapackage.json and a notebooks/ folder. When
none is found, :class:`CourseNotFound` names every folder tried.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "KETAMINE_COURSE_DIR"
MARKER = Path("data") / "datapackage.json"


class CourseNotFound(FileNotFoundError):
    """No folder holding the course's data/ and notebooks/ was found."""


def is_course(folder: Path) -> bool:
    return (folder / MARKER).is_file() and (folder / "notebooks").is_dir()


def course_dir(start: Path | str | None = None) -> Path:
    """The course folder seen from ``start`` (default: the current folder)."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        folder = Path(configured).expanduser().resolve()
        if is_course(folder):
            return folder
        raise CourseNotFound(f"${ENV_VAR} is {configured!r}, but {folder} does not hold the "
                             f"course ({MARKER} and notebooks/). Point it at the folder of the "
                             "course, or unset it.")
    here = Path(start or Path.cwd()).resolve()
    tried = [here, *here.parents]
    installed = Path(__file__).resolve().parent.parent
    if installed not in tried:
        tried.append(installed)
    for folder in tried:
        if is_course(folder):
            return folder
    shown = "\n  ".join(str(folder) for folder in tried)
    raise CourseNotFound(
        f"The course's folder (with {MARKER} and notebooks/) was not found. Tried:\n  {shown}\n"
        "Open the notebooks from inside the course folder. On a JupyterHub the course link "
        "puts it in ketamine-course/ in your home folder: open the notebooks there, or follow "
        f"the link again. Administrators can set ${ENV_VAR} to the folder.")
