# JupyterHub configuration for The Littlest JupyterHub (copied by deploy/tljh/setup.sh into
# /opt/tljh/config/jupyterhub_config.d/): every learner's server keeps its kernels' ipc
# sockets in a short folder of its own, as a socket's path must stay under 108 characters.
# Named by the learner's number in the hub, not their name, which can be long.
c.Spawner.environment.update(  # noqa: F821 (`c` is the configuration JupyterHub provides)
    {"JUPYTER_RUNTIME_DIR": lambda spawner: f"/tmp/jupyter-runtime-{spawner.user.id}"})
