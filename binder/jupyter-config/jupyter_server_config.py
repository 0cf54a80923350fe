# Jupyter Server configuration that puts jtrack's tracking server (started by binder/start on
# 127.0.0.1:$JTRACK_PORT, default 5000) under the notebook server's own URL through
# jupyter-server-proxy: <base_url>jtrack/ (with a "jtrack" tile in JupyterLab's launcher) and, as
# for any local port, <base_url>proxy/5000/. On Binder and JupyterHub the browser cannot reach
# 127.0.0.1 of the container; this way it can, behind the hub's own login.
#
# binder/start adds this directory to JUPYTER_CONFIG_PATH; elsewhere do the same, or copy the file
# into a directory `jupyter --paths` lists under "config".
import os
import pathlib

c.ServerProxy.servers.update(  # noqa: F821 (`c` is given by Jupyter's config loader)
    {
        "jtrack": {
            # No command: the server already runs (binder/start); the proxy only forwards to it.
            "port": int(os.environ.get("JTRACK_PORT", "5000")),
            "launcher_entry": {
                "title": "jtrack",
                "icon_path": str(pathlib.Path(__file__).resolve().parent / "jtrack.svg"),
                # JupyterLab's launcher draws an icon URL only on "Notebook" and "Console" tiles
                "category": "Notebook",
            },
            "new_browser_tab": True,
        }
    }
)
