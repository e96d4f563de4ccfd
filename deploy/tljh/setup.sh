#!/bin/bash
# The Littlest JupyterHub (one server, up to a few dozen learners) set up for the course.
# Run from the course repository's root folder, as root, after TLJH's own installer:
#     sudo bash deploy/tljh/setup.sh
# USER_ENV is TLJH's learners' environment (its default below); TLJH_CONFIG its config tool.
set -euo pipefail
cd "$(dirname "$0")/../.."  # the repository's root folder, wherever this is run from
USER_ENV=${USER_ENV:-/opt/tljh/user}
TLJH_CONFIG=${TLJH_CONFIG:-tljh-config}
HUB_CONFIG_DIR=${HUB_CONFIG_DIR:-/opt/tljh/config/jupyterhub_config.d}

# The learners' environment: the course's pins, nbgitpuller and the helper package (not
# editable: the course itself is pulled into each learner's home by the nbgitpuller link).
# TLJH provides jupyterhub-singleuser itself, matched to its hub. The pins are tested with
# Python 3.11; check the learners' environment's version first (deploy/README.md).
"$USER_ENV/bin/pip" install --no-cache-dir --requirement requirements.txt \
    --requirement deploy/requirements-hub.txt
"$USER_ENV/bin/pip" install --no-cache-dir --no-deps .

# Kernels over ipc, idle kernels culled (read from jupyter_server_config.json itself, not its
# .d folder); JupyterLab without the news question.
mkdir -p "$USER_ENV/etc/jupyter" "$USER_ENV/share/jupyter/lab/settings" "$HUB_CONFIG_DIR"
cp deploy/jupyter_server_config.json "$USER_ENV/etc/jupyter/jupyter_server_config.json"
cp deploy/overrides.json "$USER_ENV/share/jupyter/lab/settings/overrides.json"
# All learners share this host's /tmp: each gets a short runtime folder of their own, as an
# ipc socket's path must stay under 108 characters (a home folder can be longer).
cp deploy/tljh/runtime_dir.py "$HUB_CONFIG_DIR/ketamine_course_runtime_dir.py"

# Hub settings: JupyterLab by default, per-learner limits from the measurements in
# deploy/z2jh/values.yaml, idle servers stopped after an hour.
"$TLJH_CONFIG" set user_environment.default_app jupyterlab
"$TLJH_CONFIG" set limits.memory 2G
"$TLJH_CONFIG" set limits.cpu 1
"$TLJH_CONFIG" set services.cull.timeout 3600
"$TLJH_CONFIG" set services.cull.every 600
"$TLJH_CONFIG" reload
