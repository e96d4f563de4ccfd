"""Run a notebook's code cells in one fresh kernel, optionally several times over.

Used by tests/test_notebooks.py for re-run safety ("Run All" twice in one kernel)
and, run as a script inside a network namespace, for the offline check:

    python tests/notebook_runner.py NOTEBOOK [--passes N] [--require-offline]
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
from pathlib import Path


def code_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"]
            if cell["cell_type"] == "code" and "".join(cell["source"]).strip()]


def run(path: Path, passes: int = 2, timeout: float = 120) -> list[str]:
    """Execute all code cells ``passes`` times in one kernel; returns the errors seen."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(path.parent))
    errors: list[str] = []

    def collect(message):
        if message["msg_type"] == "error":
            content = message["content"]
            errors.append(f"{content['ename']}: {content['evalue']}")

    try:
        for number in range(1, passes + 1):
            for index, source in enumerate(code_cells(path), start=1):
                before = len(errors)
                reply = client.execute_interactive(source, timeout=timeout, output_hook=collect)
                if reply["content"]["status"] != "ok" or len(errors) > before:
                    errors.append(f"pass {number}, code cell {index} failed")
                    return errors
            if not manager.is_alive():
                errors.append(f"kernel died during pass {number}")
                return errors
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return errors


def interfaces() -> list[str]:
    return sorted(name for _, name in socket.if_nameindex())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--passes", type=int, default=1)
    parser.add_argument("--require-offline", action="store_true",
                        help="fail unless loopback is the only network interface")
    args = parser.parse_args()
    if args.require_offline and interfaces() != ["lo"]:
        print(f"not offline: network interfaces {interfaces()}", file=sys.stderr)
        return 3
    errors = run(args.notebook, passes=args.passes)
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
