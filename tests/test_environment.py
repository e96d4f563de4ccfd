"""Set-up checks: one source of truth for versions, Binder config, idempotent make."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)$")


def requirement_pins(path: Path) -> dict[str, str]:
    pins = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-r "):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: {line!r} is not pinned with =="
        pins[match[1].lower()] = match[2]
    return pins


def environment_yml() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "environment.yml").read_text())


def test_every_requirement_is_pinned():
    assert requirement_pins(ROOT / "requirements.txt")
    assert requirement_pins(ROOT / "requirements-dev.txt")


def test_environment_yml_carries_the_same_pins():
    env = environment_yml()
    pip_section = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    conda_pins = {}
    for line in pip_section:
        match = PIN.match(line.strip())
        assert match, f"environment.yml: {line!r} is not pinned with =="
        conda_pins[match[1].lower()] = match[2]
    assert conda_pins == requirement_pins(ROOT / "requirements.txt")


def test_environment_yml_pins_the_running_python_minor():
    python = [item for item in environment_yml()["dependencies"]
              if isinstance(item, str) and item.startswith("python")]
    assert python == [f"python={sys.version_info.major}.{sys.version_info.minor}"]


def test_installed_versions_match_the_pins():
    from importlib.metadata import version

    for name, pinned in requirement_pins(ROOT / "requirements-dev.txt").items():
        assert version(name) == pinned, f"{name}: installed {version(name)}, pinned {pinned}"


def test_the_slow_iri_parser_is_not_installed():
    """Issue #2: jsonschema imports rfc3987_syntax (~1 s) if present; the pin avoids it."""
    import importlib.util

    assert importlib.util.find_spec("rfc3987_syntax") is None


def test_repo2docker_builds_from_environment_yml_and_runs_postbuild(tmp_path):
    repo2docker = Path(sys.executable).parent / "repo2docker"
    result = subprocess.run(
        [str(repo2docker), "--no-build", "--debug", str(ROOT)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    dockerfile, log = result.stdout, result.stderr
    python = next(item for item in environment_yml()["dependencies"]
                  if isinstance(item, str) and item.startswith("python="))
    version = python.split("=")[1]
    assert f"Building conda environment for python={version}" in log
    # repo2docker escapes '-' and '.' in the names of the build files it copies.
    lock = f"environment.py-{version}-linux-64.lock".replace("-", "-2d").replace(".", "-2e")
    assert lock in dockerfile, "the base environment must use the pinned Python"
    assert 'env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"' in dockerfile
    assert "RUN ./postBuild" in dockerfile
    postbuild = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps --editable ." in postbuild
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_installs_once_and_again_when_pins_change(tmp_path):
    """Dry runs in a copy: `make lab` installs the runtime pins only, `make test` the dev
    pins too; nothing when done; again after a pin edit, and only where that pin counts."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml",
                 "deploy/requirements-hub.txt", "deploy/overrides.json",
                 "lecturer/package.json", "lecturer/package-lock.json"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)

    def dry_run(target, *variables):
        return subprocess.run(["make", "-n", target, *variables], cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout

    def installs(target):
        """The requirements file that `make target` would install, or None."""
        found = re.search(r"pip install .*--requirement (\S+)", dry_run(target))
        return found[1] if found else None

    def run_stamps(target):
        """Do what the install recipe's bookkeeping does: remove old stamps, touch new."""
        for old in (tmp_path / ".venv").glob(".installed-*"):
            old.unlink()
        for stamp in re.search(r"touch (.+)", dry_run(target))[1].split():
            (tmp_path / stamp).touch()

    (tmp_path / ".venv").mkdir()
    assert installs("lab") == "requirements.txt", "a learner does not need the test tools"
    assert re.search(r"pip install --quiet uv==\d+\.\d+\.\d+ ", dry_run("lab", "INSTALLER=uv")), \
        "the installer is pinned too"
    assert installs("test") == "requirements-dev.txt" and "npm ci" in dry_run("test")
    assert "--editable ." in dry_run("lab") and "--editable ." in dry_run("test")
    settings = ".venv/share/jupyter/lab/settings/overrides.json"
    assert f"cp deploy/overrides.json {settings}" in dry_run("lab"), "the course's lab settings"
    (tmp_path / settings).parent.mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "overrides.json", tmp_path / settings)
    assert "overrides.json" not in dry_run("lab")

    run_stamps("lab")
    assert installs("lab") is None
    assert installs("test") == "requirements-dev.txt", "after `make lab` the tests need more"

    run_stamps("test")
    (tmp_path / "lecturer" / "node_modules").mkdir()
    (tmp_path / "lecturer" / "node_modules" / ".package-lock.json").touch()
    assert installs("test") is None and "npm ci" not in dry_run("test")
    assert installs("lab") is None, "the dev install covers the runtime pins"
    assert "pytest" in dry_run("test")

    with open(tmp_path / "requirements-dev.txt", "a") as pins:
        pins.write("six==1.16.0\n")
    assert installs("test") == "requirements-dev.txt"
    assert installs("lab") is None, "a test tool's pin does not concern a learner"
    run_stamps("test")
    with open(tmp_path / "requirements.txt", "a") as pins:
        pins.write("six==1.16.0\n")
    assert installs("lab") == "requirements.txt"
    assert installs("test") == "requirements-dev.txt"
