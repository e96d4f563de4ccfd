"""`make lab` serves the course on 127.0.0.1, behind a token, opening 00_start_here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT
from jupyterlab_server import free_port, stop_process_group

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_make_lab_serves_start_here_with_a_token(tmp_path):
    port, token = free_port(), "test-token-0123456789"
    env = dict(os.environ, JUPYTER_TOKEN=token, JUPYTER_RUNTIME_DIR=str(tmp_path))
    log = tmp_path / "lab.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            ["make", "lab", f"LAB_ARGS=--port={port} --no-browser"], cwd=ROOT, env=env,
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"make lab exited early:\n{log.read_text()}")
            try:
                if status(f"{base}/api/status?token={token}") == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            pytest.fail(f"JupyterLab did not answer within 90 s:\n{log.read_text()}")
        assert status(f"{base}/api/status") == 403, "the server must require its token"
        url = f"{base}/api/contents/notebooks/00_start_here.ipynb?content=0&token={token}"
        with urllib.request.urlopen(url, timeout=5) as response:
            assert json.load(response)["type"] == "notebook"
        text = log.read_text()
        assert f"http://127.0.0.1:{port}/lab" in text
        command = text.split("\n[", 1)[0]  # make echoes the command before the server logs
        assert "jupyter lab" in command
        assert command.rstrip().endswith("notebooks/00_start_here.ipynb")
        assert "pip install" not in text, "a second make must not reinstall"
    finally:
        stop_process_group(server)
