"""Print the nbgitpuller link that copies the course into a learner's home and opens notebook 00.

    python deploy/hub_link.py HUB REPO [BRANCH]
    make hub-link HUB=https://hub.example.edu REPO=https://github.com/OWNER/REPO [BRANCH=v2026.11]

HUB is the hub's address (https://hub.example.edu), REPO the course's git URL. The link names
the folder the course goes into (targetpath), so it works whatever the repository is called
(also for URLs ending in .git), and clicking it again later pulls updates without overwriting
a learner's own edits. BRANCH (default main) can be a tag: pin it to the version the hub's
image was built from, so a click never pulls notebooks newer than the installed package.
"""

from __future__ import annotations

import sys
from urllib.parse import urlencode

FOLDER = "ketamine-course"
FIRST_NOTEBOOK = "notebooks/00_start_here.ipynb"


def hub_link(hub: str, repo: str, branch: str = "main") -> str:
    branch = branch or "main"
    if not hub.startswith(("http://", "https://")):
        raise ValueError(f"HUB must start with http:// or https://; got {hub!r}.")
    if not repo:
        raise ValueError("REPO must be the course's git URL.")
    query = urlencode({"repo": repo, "branch": branch, "targetpath": FOLDER,
                       "urlpath": f"lab/tree/{FOLDER}/{FIRST_NOTEBOOK}"})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    try:
        print(hub_link(*sys.argv[1:]))
    except ValueError as error:
        sys.exit(f"hub-link: {error}")
