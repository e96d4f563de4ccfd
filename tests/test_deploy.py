"""deploy/: what a hub administrator needs, each part checked as far as it can run here.

The image cannot be built here (no registry), so its Dockerfile is read with a Dockerfile
parser; the Zero to JupyterHub values are validated against the chart's own schema (in
../shared/z2jh); the TLJH recipe runs against stand-in commands; the link is built and
parsed back. tests/test_hub.py follows the link on a real JupyterHub.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT

DEPLOY = ROOT / "deploy"
Z2JH = ROOT.parent / "shared" / "z2jh"


def pins(path: Path) -> dict[str, str]:
    return dict(line.split("==") for line in path.read_text().splitlines()
                if line and not line.startswith(("#", "-")))


# --- the learners' image -------------------------------------------------------------------

def dockerfile():
    from dockerfile_parse import DockerfileParser

    parser = DockerfileParser(path=str(DEPLOY / "Dockerfile"))
    return parser, [(item["instruction"], item["value"]) for item in parser.structure]


def test_the_image_starts_from_a_pinned_python_3_11_docker_stacks_base():
    parser, _ = dockerfile()
    assert re.fullmatch(r"quay\.io/jupyter/minimal-notebook:\d{4}-\d{2}-\d{2}", parser.baseimage), \
        "a dated Jupyter Docker Stacks tag, never latest"


def test_the_image_installs_the_pins_nbgitpuller_and_the_package_outside_home():
    _, steps = dockerfile()
    runs = " ".join(value for instruction, value in steps if instruction == "RUN")
    assert "--requirement /tmp/course/requirements.txt" in runs
    assert "--requirement /tmp/course/deploy/requirements-hub.txt" in runs
    install = re.search(r"pip install --no-cache-dir --no-deps (\S+)", runs)
    assert install and install[1] == "/tmp/course", "the package, not editable, from a copy"
    assert "--editable" not in runs and " -e " not in runs
    assert "/home" not in runs
    assert set(pins(DEPLOY / "requirements-hub.txt")) == {"nbgitpuller"}, \
        "jupyterhub-singleuser comes with the base image or TLJH, matched to the hub"


def test_every_file_the_image_copies_exists_and_its_settings_are_the_intended_ones():
    _, steps = dockerfile()
    copies = [value.split() for instruction, value in steps if instruction == "COPY"]
    for words in copies:
        sources = [word for word in words[:-1] if not word.startswith("--")]
        for source in sources:
            assert (ROOT / source).exists(), source
    targets = {words[-1]: words[-2] for words in copies}
    server = json.loads((DEPLOY / "jupyter_server_config.json").read_text())
    assert server["KernelManager"]["transport"] == "ipc"
    assert server["MappingKernelManager"]["cull_idle_timeout"] > 0
    # Options are read from jupyter_server_config.json in a config folder, never from its
    # .d folder (only extension switches there).
    assert targets["/opt/conda/etc/jupyter/jupyter_server_config.json"] == \
        "deploy/jupyter_server_config.json"
    runtime = dict(value.split("=", 1) for instruction, value in steps if instruction == "ENV")
    assert len(runtime["JUPYTER_RUNTIME_DIR"]) + len("/kernel-<uuid4>-ipc-4") < 108
    lab = json.loads((DEPLOY / "overrides.json").read_text())
    assert lab["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert steps[-1] == ("USER", "${NB_UID}"), "the image ends as the learner, not root"


# --- Zero to JupyterHub --------------------------------------------------------------------

def merged(base: dict, override: dict) -> dict:
    """Helm's deep merge of the chart's defaults with a values file."""
    result = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def z2jh_errors(values: dict) -> list[str]:
    import jsonschema
    import yaml

    schema = yaml.safe_load((Z2JH / "values.schema.yaml").read_text())
    defaults = yaml.safe_load((Z2JH / "values.defaults.yaml").read_text())
    validator = jsonschema.Draft7Validator(schema)
    return [error.message for error in validator.iter_errors(merged(defaults, values))]


@pytest.fixture
def values():
    import yaml

    if not Z2JH.is_dir():
        pytest.fail(f"{Z2JH} is missing: the chart's schema sits beside the repository")
    return yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())


def test_the_z2jh_values_pass_the_charts_schema(values):
    assert z2jh_errors(values) == []
    assert values["singleuser"]["defaultUrl"] == "/lab"
    assert values["cull"]["enabled"] is True


def test_a_misspelt_z2jh_key_is_caught(values):
    values["singleuser"]["memroy"] = values["singleuser"].pop("memory")
    assert any("memroy" in error for error in z2jh_errors(values))


# --- The Littlest JupyterHub ---------------------------------------------------------------

# The settings TLJH's config schema and its cull service accept (tljh/config_schema.py and
# the services.cull defaults of tljh/configurer.py in the-littlest-jupyterhub).
TLJH_KEYS = {"user_environment.default_app": {"jupyterlab", "classic"},
             "limits.memory": re.compile(r"\d+[KMGT]"), "limits.cpu": re.compile(r"\d+"),
             "services.cull.timeout": re.compile(r"\d+"), "services.cull.every": re.compile(r"\d+")}


def test_the_tljh_recipe_installs_the_learners_environment_and_sets_known_keys(tmp_path):
    user_env, calls = tmp_path / "opt-tljh-user", tmp_path / "calls.log"
    (user_env / "bin").mkdir(parents=True)
    stand_ins = (("pip", user_env / "bin" / "pip"), ("tljh-config", tmp_path / "tljh-config"))
    for name, path in stand_ins:
        path.write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\n')
        path.chmod(0o755)
    hub_config = tmp_path / "jupyterhub_config.d"
    result = subprocess.run(["bash", str(DEPLOY / "tljh" / "setup.sh")], cwd=tmp_path,
                            env=dict(os.environ, USER_ENV=str(user_env),
                                     TLJH_CONFIG=str(tmp_path / "tljh-config"),
                                     HUB_CONFIG_DIR=str(hub_config)),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    lines = calls.read_text().splitlines()
    assert lines[0] == ("pip install --no-cache-dir --requirement requirements.txt "
                        "--requirement deploy/requirements-hub.txt")
    assert lines[1] == "pip install --no-cache-dir --no-deps ."
    settings = [line.split()[2:] for line in lines if line.startswith("tljh-config set")]
    assert settings, lines
    for key, value in settings:
        allowed = TLJH_KEYS[key]
        assert value in allowed if isinstance(allowed, set) else allowed.fullmatch(value), key
    assert lines[-1] == "tljh-config reload"
    assert (user_env / "etc/jupyter/jupyter_server_config.json").read_text() \
        == (DEPLOY / "jupyter_server_config.json").read_text()
    assert (hub_config / "ketamine_course_runtime_dir.py").read_text() == \
        (DEPLOY / "tljh" / "runtime_dir.py").read_text()


def test_tljh_gives_every_learner_a_short_runtime_folder_of_their_own():
    """ipc sockets fail beyond 107 characters; TLJH homes can be longer than that."""
    from types import SimpleNamespace

    from traitlets.config import Config

    config = Config()
    exec((DEPLOY / "tljh" / "runtime_dir.py").read_text(), {"c": config})
    folder = config.Spawner.environment.get_value({})["JUPYTER_RUNTIME_DIR"]  # as JupyterHub
    learners = [SimpleNamespace(id=number, name="x" * 32) for number in (7, 123456)]
    paths = [folder(SimpleNamespace(user=learner)) for learner in learners]
    assert len(set(paths)) == 2 and all(path.startswith("/tmp/") for path in paths)
    path = max(paths, key=len)
    assert len(path + "/kernel-12345678-1234-1234-1234-123456789012-ipc-4") < 108


# --- the link ------------------------------------------------------------------------------

def test_make_hub_link_prints_a_link_with_its_target_folder():
    result = subprocess.run(["make", "--no-print-directory", "hub-link",
                             "HUB=https://hub.example.edu/",
                             "REPO=https://github.com/owner/ketamine.git"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    link = urlsplit(result.stdout.strip())
    assert (link.scheme, link.netloc, link.path) == (
        "https", "hub.example.edu", "/hub/user-redirect/git-pull")
    query = {key: values[0] for key, values in parse_qs(link.query).items()}
    assert query == {"repo": "https://github.com/owner/ketamine.git", "branch": "main",
                     "targetpath": "ketamine-course",
                     "urlpath": "lab/tree/ketamine-course/notebooks/00_start_here.ipynb"}


def test_a_hub_link_without_a_hub_address_is_refused():
    result = subprocess.run(["make", "--no-print-directory", "hub-link", "HUB=hub.example.edu",
                             "REPO=https://github.com/owner/ketamine"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0 and "HUB must start with http" in result.stderr
