"""A throw-away JupyterLab server for the browser tests and benchmarks.

It serves a temporary copy of notebooks/ (running cells in a browser marks a notebook
changed, and autosave must never touch the repository's stored outputs), listens on
127.0.0.1 on a free port behind a random token, renders every cell (no windowing, so
off-screen outputs exist in the page) and exposes the app as ``window.jupyterapp``
so tests can run commands and read the notebook model.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# JavaScript run in the page. `app` is window.jupyterapp; the current widget is the notebook.
KERNEL_IDLE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
                 && panel.sessionContext.session.kernel;
  return Boolean(kernel) && kernel.status === 'idle';
}"""
# Run All stops at the first error, leaving later cells unrun: finish waiting then too, so
# the test reports the error at once instead of waiting for its timeout.
ALL_CELLS_RAN_OR_FAILED = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  if (kernel.status !== 'idle') return false;
  const code = Array.from(panel.content.model.cells).filter(cell => cell.type === 'code');
  const failed = code.some(cell => cell.outputs.toJSON()
    .some(output => output.output_type === 'error'));
  return failed || code.every(cell => cell.executionCount !== null);
}"""
CELL_OUTPUTS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return Array.from(panel.content.model.cells).filter(cell => cell.type === 'code')
    .map(cell => cell.outputs.toJSON());
}"""
KERNEL_STATUS = "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_process_group(process: subprocess.Popen) -> None:
    """End a process started with start_new_session=True, and everything it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def jupyterlab(workdir: Path):
    """Start JupyterLab on a copy of notebooks/ in ``workdir``; yields (base URL, token)."""
    served = workdir / "served"
    shutil.copytree(ROOT / "notebooks", served / "notebooks")
    settings = workdir / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    news = workdir / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={served}",
        "--LabApp.expose_app_in_browser=True", f"--LabApp.workspaces_dir={workdir / 'ws'}",
        f"--LabApp.user_settings_dir={workdir / 'settings'}", "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(workdir / "runtime"))
    env.pop("KETAMINE_COURSE_MODE", None)
    log = open(workdir / "jupyterlab.log", "w")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(command, cwd=served, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                log_text = (workdir / "jupyterlab.log").read_text()
                raise RuntimeError(f"JupyterLab exited:\n{log_text}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not answer within 90 s") from None
                time.sleep(0.25)
        yield base, token
    finally:
        stop_process_group(server)
        log.close()


def load_lab(page, base: str, token: str, workspace: str) -> None:
    """Load JupyterLab in ``page`` with a fresh, empty workspace."""
    page.goto(f"{base}/lab/workspaces/{workspace}?reset&token={token}")
    page.wait_for_function("() => Boolean(window.jupyterapp)", timeout=90_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")


def open_notebook(page, name: str) -> None:
    """Open notebooks/``name`` in the JupyterLab loaded in ``page`` and wait for an idle
    kernel. Loading JupyterLab once and opening notebook after notebook in it saves the
    page load (about 3 s) per notebook."""
    page.evaluate("path => window.jupyterapp.commands.execute('docmanager:open', "
                  "{path, factory: 'Notebook'})", f"notebooks/{name}")
    page.wait_for_function(f"() => window.jupyterapp.shell.currentWidget?.context?.path"
                           f" === 'notebooks/{name}'", timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)


def close_notebook(page) -> None:
    """Close everything in the main area (the notebook and any preview of it) without
    saving, the served copy being thrown away anyway, and shut its kernel down, so the
    next notebook starts in an empty shell."""
    page.evaluate("""async () => {
      for (const widget of Array.from(window.jupyterapp.shell.widgets('main'))) {
        if (widget.sessionContext) await widget.sessionContext.shutdown();
        if (widget.context) widget.context.model.dirty = false;
        widget.dispose();
      }
    }""")


def run_all(page, timeout_ms: int = 180_000):
    """Run every cell (Run > Run All Cells) and wait until all have run or one has failed."""
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_CELLS_RAN_OR_FAILED, timeout=timeout_ms)
