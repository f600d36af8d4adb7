"""A PEP 517 / PEP 660 build backend in the standard library only, for ``baton-client``.

Why not setuptools: ``pip install ./clients/python`` builds in an isolated
environment and would download the backend from a package index, which fails
offline; an in-tree backend with ``requires = []`` needs nothing. It builds a
pure-Python wheel (``py3-none-any``) of the packages listed under
``[tool.baton-build]``, an sdist, and editable wheels (a ``.pth`` file).
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile
from typing import Any, Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

__all__ = ["build_editable", "build_sdist", "build_wheel", "get_requires_for_build_editable", "get_requires_for_build_sdist",
           "get_requires_for_build_wheel", "prepare_metadata_for_build_editable", "prepare_metadata_for_build_wheel"]


def _read_pyproject() -> Dict[str, Any]:
    path = os.path.join(ROOT, "pyproject.toml")
    try:
        import tomllib  # Python 3.11+
    except ImportError:
        with open(path, encoding="utf-8") as f:
            return _mini_toml(f.read())
    with open(path, "rb") as f:
        return tomllib.load(f)


def _mini_toml(text: str) -> Dict[str, Any]:
    """Enough TOML for this pyproject.toml on Python < 3.11: tables, strings and lists of strings."""
    data: Dict[str, Any] = {}
    table = data
    pending: Optional[Tuple[str, str]] = None
    for line in text.splitlines():
        line = line.split(" #")[0].strip() if not line.strip().startswith("#") else ""
        if pending:
            key, acc = pending
            acc += " " + line
            if "]" in line:
                table[key] = re.findall(r'"((?:[^"\\]|\\.)*)"', acc)
                pending = None
            else:
                pending = (key, acc)
            continue
        if not line:
            continue
        header = re.match(r"^\[([^\]]+)\]$", line)
        if header:
            table = data
            for part in header.group(1).split("."):
                table = table.setdefault(part.strip(), {})
            continue
        key, _, value = (s.strip() for s in line.partition("="))
        if value.startswith("[") and "]" not in value:
            pending = (key, value)
        elif value.startswith("["):
            table[key] = re.findall(r'"((?:[^"\\]|\\.)*)"', value)
        else:
            table[key] = value.strip('"')
    return data


def _project() -> Tuple[Dict[str, Any], List[str]]:
    pyproject = _read_pyproject()
    return pyproject["project"], pyproject["tool"]["baton-build"]["packages"]


def _dist_name(project: Dict[str, Any]) -> str:
    return re.sub(r"[-_.]+", "_", project["name"]).lower()


def _metadata(project: Dict[str, Any]) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}", f"Summary: {project['description']}"]
    if project.get("requires-python"):
        lines.append(f"Requires-Python: {project['requires-python']}")
    if project.get("license"):
        lines.append(f"License: {project['license']}")
    if project.get("keywords"):
        lines.append(f"Keywords: {','.join(project['keywords'])}")
    lines += [f"Classifier: {c}" for c in project.get("classifiers", [])]
    readme = project.get("readme")
    body = ""
    if readme:
        lines.append("Description-Content-Type: text/markdown")
        with open(os.path.join(ROOT, readme), encoding="utf-8") as f:
            body = f.read()
    return "\n".join(lines) + "\n\n" + body


def _source_files(packages: List[str]) -> List[str]:
    """The packages' files, relative to ROOT (no caches)."""
    out = []
    for package in packages:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, package)):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if not name.endswith((".pyc", ".pyo")):
                    out.append(os.path.relpath(os.path.join(dirpath, name), ROOT).replace(os.sep, "/"))
    return out


class _Wheel:
    """Writes a wheel and its RECORD (sha256 and size of every file)."""

    def __init__(self, path: str) -> None:
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self._records: List[str] = []

    def add(self, arcname: str, data: bytes) -> None:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))  # reproducible
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, data)
        self._records.append(f"{arcname},sha256={digest},{len(data)}")

    def close(self, dist_info: str) -> None:
        record = f"{dist_info}/RECORD"
        self._zip.writestr(zipfile.ZipInfo(record, date_time=(2020, 1, 1, 0, 0, 0)), "\n".join(self._records + [f"{record},,"]) + "\n")
        self._zip.close()


def _dist_info_files(project: Dict[str, Any], packages: List[str]) -> Dict[str, bytes]:
    return {
        "METADATA": _metadata(project).encode(),
        "WHEEL": b"Wheel-Version: 1.0\nGenerator: baton_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        "top_level.txt": ("\n".join(packages) + "\n").encode(),
    }


def _build(wheel_directory: str, editable: bool) -> str:
    project, packages = _project()
    name = _dist_name(project)
    dist_info = f"{name}-{project['version']}.dist-info"
    filename = f"{name}-{project['version']}-py3-none-any.whl"
    wheel = _Wheel(os.path.join(wheel_directory, filename))
    if editable:
        # PEP 660: the installed package is the source tree itself.
        wheel.add(f"_{name}_editable.pth", (ROOT + "\n").encode())
    else:
        for rel in _source_files(packages):
            with open(os.path.join(ROOT, rel), "rb") as f:
                wheel.add(rel, f.read())
    for file, data in _dist_info_files(project, packages).items():
        wheel.add(f"{dist_info}/{file}", data)
    wheel.close(dist_info)
    return filename


def build_wheel(wheel_directory: str, config_settings: Any = None, metadata_directory: Any = None) -> str:
    return _build(wheel_directory, editable=False)


def build_editable(wheel_directory: str, config_settings: Any = None, metadata_directory: Any = None) -> str:
    return _build(wheel_directory, editable=True)


def prepare_metadata_for_build_wheel(metadata_directory: str, config_settings: Any = None) -> str:
    project, packages = _project()
    dist_info = f"{_dist_name(project)}-{project['version']}.dist-info"
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    for file, data in _dist_info_files(project, packages).items():
        with open(os.path.join(metadata_directory, dist_info, file), "wb") as f:
            f.write(data)
    return dist_info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_sdist(sdist_directory: str, config_settings: Any = None) -> str:
    project, packages = _project()
    base = f"{_dist_name(project)}-{project['version']}"
    files = ["pyproject.toml", "README.md", "_build/baton_build.py"] + _source_files(packages)
    path = os.path.join(sdist_directory, f"{base}.tar.gz")
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for rel in files:
            tar.add(os.path.join(ROOT, rel), arcname=f"{base}/{rel}", recursive=False)
        pkg_info = _metadata(project).encode()
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(pkg_info)
        tar.addfile(info, io.BytesIO(pkg_info))
    return os.path.basename(path)


def get_requires_for_build_wheel(config_settings: Any = None) -> List[str]:
    return []


get_requires_for_build_sdist = get_requires_for_build_wheel
get_requires_for_build_editable = get_requires_for_build_wheel
