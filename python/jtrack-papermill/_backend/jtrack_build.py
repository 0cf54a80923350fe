"""A minimal PEP 517/660 build backend for this one-module package, standard library only.

Why not setuptools: building must work offline with nothing but Python, and setuptools needs the
``wheel`` package for wheels and editable installs, which the pinned environments do not carry.
Metadata comes from ``pyproject.toml`` ([project] and its entry points).
"""
import base64
import hashlib
import io
import os
import tarfile
import tomllib
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _project():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]


def _dist_name(project):
    return project["name"].replace("-", "_")


def _package(project):
    return _dist_name(project)


def _metadata_files(project):
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
             f"Summary: {project.get('description', '')}"]
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {d}" for d in project.get("dependencies", [])]
    entry_points = []
    for group, entries in project.get("entry-points", {}).items():
        entry_points.append(f"[{group}]")
        entry_points += [f"{name} = {target}" for name, target in entries.items()]
        entry_points.append("")
    return {
        "METADATA": "\n".join(lines) + "\n",
        "WHEEL": "Wheel-Version: 1.0\nGenerator: jtrack_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        "entry_points.txt": "\n".join(entry_points),
    }


def _dist_info(project):
    return f"{_dist_name(project)}-{project['version']}.dist-info"


def _write_metadata(directory):
    project = _project()
    target = os.path.join(directory, _dist_info(project))
    os.makedirs(target, exist_ok=True)
    for name, text in _metadata_files(project).items():
        with open(os.path.join(target, name), "w", encoding="utf-8") as f:
            f.write(text)
    return _dist_info(project)


def _wheel(directory, files):
    """Writes a wheel holding ``files`` (archive name -> bytes) plus metadata and RECORD."""
    project = _project()
    info = _dist_info(project)
    for name, text in _metadata_files(project).items():
        files[f"{info}/{name}"] = text.encode("utf-8")
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode("utf-8")
    wheel_name = f"{_dist_name(project)}-{project['version']}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(directory, wheel_name), "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return wheel_name


def get_requires_for_build_wheel(config_settings=None):
    return []


get_requires_for_build_editable = get_requires_for_build_sdist = get_requires_for_build_wheel


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return _write_metadata(metadata_directory)


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    package = _package(_project())
    files = {}
    for base, _, names in os.walk(os.path.join(ROOT, package)):
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(base, name)
                with open(path, "rb") as f:
                    files[os.path.relpath(path, ROOT).replace(os.sep, "/")] = f.read()
    return _wheel(wheel_directory, files)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    project = _project()
    return _wheel(wheel_directory, {f"{_dist_name(project)}.pth": (ROOT + "\n").encode("utf-8")})


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    base = f"{_dist_name(project)}-{project['version']}"
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tf:
        for entry in ("pyproject.toml", "README.md", "_backend", _package(project)):
            tf.add(os.path.join(ROOT, entry), arcname=f"{base}/{entry}",
                   filter=lambda t: None if "__pycache__" in t.name else t)
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = _metadata_files(project)["METADATA"].encode("utf-8")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    return name
