"""A class on a real JupyterHub: the README's route, end to end, on 127.0.0.1 only.

JupyterHub (pinned in deploy/requirements-hub.txt) with configurable-http-proxy (pinned in
lecturer/package.json), a dummy authenticator and the local-process spawner; the learners'
servers load deploy/jupyter_server_config.json. Each learner follows the nbgitpuller link
(`make hub-link`'s form) to a local bare clone of this repository, then runs notebook 00
(the first learner also 04) through the server's REST and kernel APIs: no cell may show an
error. A learner then edits a notebook, a new commit is pushed, the link is followed again,
and both the edit and the update must be there. Bounded: two learners, a timeout on every
wait; every process the test started is stopped, also when it fails.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from conftest import ROOT
from jupyterlab_server import free_port

sys.path.insert(0, str(ROOT / "deploy"))
from hub_link import FOLDER, hub_link  # noqa: E402

pytestmark = pytest.mark.slow
LEARNERS = ("learner1", "learner2")
PROXY = ROOT / "lecturer" / "node_modules" / ".bin" / "configurable-http-proxy"
WAIT_S = 120


class Hub:
    def __init__(self, url: str, token: str, runtime: Path):
        self.url, self.token, self.runtime = url, token, runtime

    def request(self, method: str, path: str, body=None, timeout: float = 60):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
        return json.loads(text) if text.strip().startswith(("{", "[")) else text

    def start_server(self, name: str):
        self.request("POST", f"/hub/api/users/{name}/server")
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            server = self.request("GET", f"/hub/api/users/{name}")["servers"].get("", {})
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{name}'s server did not start within {WAIT_S} s")

    def pull(self, name: str, repo: str) -> str:
        """Log in as the learner and follow their link as a browser would (hub login,
        user-redirect, the server's OAuth, nbgitpuller's page); then do what that page's
        script does: call nbgitpuller's API, streamed, with the link's own parameters."""
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = browser.open(self.url + "/hub/login", timeout=WAIT_S).read().decode()
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form)[1]
        browser.open(self.url + "/hub/login", data=urlencode(
            {"username": name, "password": "class-test", "_xsrf": xsrf}).encode(),
            timeout=WAIT_S)
        opened = browser.open(hub_link(self.url, repo), timeout=WAIT_S)
        link = urlsplit(opened.geturl())
        assert opened.status == 200 and link.path == f"/user/{name}/git-pull", link
        query = dict(part.split("=", 1) for part in link.query.split("&"))
        api = {key: query[key] for key in ("repo", "branch", "targetpath")}
        arguments = "&".join(f"{key}={value}" for key, value in api.items())
        return self.request("GET", f"/user/{name}/git-pull/api?{arguments}", timeout=WAIT_S)

    def notebook(self, name: str, path: str) -> dict:
        return self.request("GET", f"/user/{name}/api/contents/{path}?content=1")["content"]

    def run_notebook(self, name: str, path: str, keep: bool = False) -> tuple[int, list[str], str]:
        """Execute the notebook's code cells in a new kernel, then print where the package
        found the course: (cells run, errors shown, that folder). ``keep`` leaves the kernel
        running, as a learner's open notebook would."""
        import websocket

        cells = [cell["source"] for cell in self.notebook(name, path)["cells"]
                 if cell["cell_type"] == "code"]
        cells.append("from ketamine_course import data as _data\nprint(_data.DATA_DIR)")
        folder = str(Path(path).parent)
        kernel = self.request("POST", f"/user/{name}/api/kernels",
                              {"name": "python3", "path": folder})
        socket = websocket.create_connection(
            self.url.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{kernel['id']}/channels",
            header=[f"Authorization: token {self.token}"], timeout=WAIT_S)
        errors, printed = [], ""
        try:
            for source in cells:
                message_id = uuid.uuid4().hex
                socket.send(json.dumps({
                    "header": {"msg_id": message_id, "msg_type": "execute_request",
                               "username": name, "session": uuid.uuid4().hex, "version": "5.3",
                               "date": ""},
                    "parent_header": {}, "metadata": {}, "channel": "shell",
                    "content": {"code": source, "silent": False, "store_history": False,
                                "user_expressions": {}, "allow_stdin": False}}))
                while True:
                    reply = json.loads(socket.recv())
                    if reply.get("parent_header", {}).get("msg_id") != message_id:
                        continue
                    if reply["msg_type"] == "stream":
                        printed = reply["content"]["text"]
                    if reply["msg_type"] == "error":
                        errors.append(f"{reply['content']['ename']}: {reply['content']['evalue']}")
                    if reply["msg_type"] == "status" and \
                            reply["content"]["execution_state"] == "idle":
                        break
        finally:
            socket.close()
            if not keep:
                self.request("DELETE", f"/user/{name}/api/kernels/{kernel['id']}")
        return len(cells) - 1, errors, printed.strip()


def stop_everything_under(folder: Path, hub: subprocess.Popen) -> None:
    """Stop the hub, its proxy and every learner server: each runs in ``folder``."""
    if hub.poll() is None:
        os.killpg(hub.pid, signal.SIGTERM)
        try:
            hub.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, signal.SIGKILL)
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if cwd.startswith(str(folder)):
            try:
                os.kill(int(proc.name), signal.SIGKILL)
            except ProcessLookupError:
                pass


@contextmanager
def jupyterhub(folder: Path):
    if not PROXY.exists():
        pytest.fail(f"{PROXY} is missing: run `make test` (it installs lecturer/package.json)")
    port, token = free_port(), secrets.token_hex(16)
    config_dir = folder / "jupyter-config"
    config_dir.mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "jupyter_server_config.json",
                config_dir / "jupyter_server_config.json")
    runtime = Path(tempfile.mkdtemp(prefix="kc-", dir="/tmp"))  # short: ipc socket paths
    root = os.geteuid() == 0
    (folder / "jupyterhub_config.py").write_text(f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(LEARNERS)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{folder}/home/{{username}}"
c.Spawner.cmd = [{sys.executable!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {["--allow-root"] if root else []!r}
c.Spawner.environment = {{"JUPYTER_CONFIG_PATH": "{config_dir}",
                         "KETAMINE_COURSE_DIR": ""}}
exec(open({str(ROOT / "deploy" / "tljh" / "runtime_dir.py")!r}).read())
c.Spawner.environment["JUPYTER_RUNTIME_DIR"] = (
    lambda spawner: "{runtime}/" + spawner.user.name)
c.Spawner.start_timeout = {WAIT_S}
c.Spawner.http_timeout = {WAIT_S}
c.JupyterHub.services = [{{"name": "class-test", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [{{"name": "class-test",
    "scopes": ["admin:users", "admin:servers", "access:servers"],
    "services": ["class-test"]}}]
""")
    log = (folder / "jupyterhub.log").open("w")
    hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f",
                            str(folder / "jupyterhub_config.py")], cwd=folder, stdout=log,
                           stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                urllib.request.urlopen(url + "/hub/api", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                if hub.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterHub did not start:\n"
                                       + (folder / "jupyterhub.log").read_text()[-3000:]) from None
                time.sleep(0.5)
        yield Hub(url, token, runtime)
    finally:
        stop_everything_under(folder, hub)
        log.close()
        shutil.rmtree(runtime, ignore_errors=True)


def git(*arguments, cwd):
    subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True, timeout=120)


def test_a_class_pulls_the_course_runs_it_and_gets_updates_without_losing_edits(tmp_path):
    upstream = tmp_path / "course.git"
    git("clone", "--quiet", "--bare", str(ROOT), str(upstream), cwd=tmp_path)
    repo = f"file://{upstream}"
    try:
        with jupyterhub(tmp_path) as hub:
            for name in LEARNERS:
                hub.start_server(name)
                assert "finished" in hub.pull(name, repo)
                # Every learner runs the first notebook; one also runs the heaviest (their
                # servers are alike, and each run costs seconds). 00's kernel stays open.
                notebooks = ("00_start_here.ipynb", "04_routes_of_administration.ipynb")
                for notebook in notebooks[:2 if name == LEARNERS[0] else 1]:
                    ran, errors, course = hub.run_notebook(
                        name, f"{FOLDER}/notebooks/{notebook}", keep=notebook == notebooks[0])
                    assert ran >= 5 and errors == [], f"{name}: {notebook}: {errors}"
                    # The pulled copy, not the repository the package was installed from.
                    assert course == str(tmp_path / "home" / name / FOLDER / "data")
                # deploy's server settings are in force: kernels over ipc, culling on.
                connections = [json.loads(path.read_text())
                               for path in (hub.runtime / name).glob("kernel-*.json")]
                assert connections and {info["transport"] for info in connections} == {"ipc"}
            assert "Culling kernels with idle durations > 3600 seconds" in \
                (tmp_path / "jupyterhub.log").read_text()

            # A learner's edit, then a new commit upstream, then the same link again.
            learner = LEARNERS[0]
            path = f"{FOLDER}/notebooks/00_start_here.ipynb"
            notebook = hub.notebook(learner, path)
            notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "id": "mine",
                                      "source": "My own note."})
            hub.request("PUT", f"/user/{learner}/api/contents/{path}",
                        {"type": "notebook", "format": "json", "content": notebook})
            work = tmp_path / "maintainer"
            git("clone", "--quiet", str(upstream), str(work), cwd=tmp_path)
            with (work / "README.md").open("a") as readme:
                readme.write("\nA correction pushed during the class test.\n")
            git("add", "README.md", cwd=work)
            git("-c", "user.name=Test", "-c", "user.email=test@example.org", "commit",
                "--quiet", "-m", "Update during the class", cwd=work)
            git("push", "--quiet", "origin", "HEAD", cwd=work)

            assert "finished" in hub.pull(learner, repo)
            home = tmp_path / "home" / learner / FOLDER
            assert "A correction pushed during the class test." in \
                (home / "README.md").read_text()
            kept = json.loads((home / "notebooks" / "00_start_here.ipynb").read_text())
            assert any("My own note." in "".join(cell["source"]) for cell in kept["cells"])
    finally:
        shutil.rmtree(tmp_path / "home", ignore_errors=True)
