"""`pip install ./clients/python` into a fresh venv with no package index, then the README's quick start run from it."""
import os
import re
import subprocess
import sys
import tempfile
import unittest

from support import HERE, REPO, shared_server

PACKAGE = os.path.abspath(os.path.join(HERE, ".."))
README = os.path.join(PACKAGE, "README.md")


def project_version() -> str:
    with open(os.path.join(PACKAGE, "pyproject.toml"), encoding="utf-8") as f:
        return re.search(r'^version = "([^"]+)"', f.read(), re.M).group(1)  # type: ignore[union-attr]


def quick_start() -> str:
    """The first python block of the README's "Quick start" section, exactly as written."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    section = text[text.index("## Quick start"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def host_pip_can_target_a_venv() -> bool:
    """Whether this Python has pip 22.3 or later (``pip --python``)."""
    try:
        import pip
    except ImportError:
        return False
    major, minor = (int(part) for part in pip.__version__.split(".")[:2])
    return (major, minor) >= (22, 3)


class InstallTest(unittest.TestCase):
    def test_pip_install_works_offline_in_a_fresh_venv_and_the_quick_start_runs_from_it(self) -> None:
        server = shared_server()
        with tempfile.TemporaryDirectory(prefix="baton-py-venv-") as tmp:
            venv = os.path.join(tmp, "venv")
            python = os.path.join(venv, "bin", "python")
            # No index at all: the build backend must come from the package itself.
            env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
            env.pop("PYTHONPATH", None)
            if host_pip_can_target_a_venv():
                # A venv without its own pip (ensurepip takes ~30 s on a busy machine); the pip running
                # this test installs into it (`--python`): the same pip a fresh venv bundles.
                subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=120)
                pip = [sys.executable, "-m", "pip", "--python", python]
            else:
                made = subprocess.run([sys.executable, "-m", "venv", venv], capture_output=True, text=True, timeout=300)
                if made.returncode != 0:
                    self.skipTest(f"this Python makes no venv with pip (Debian: apt-get install python3-venv): {made.stderr.strip()}")
                pip = [python, "-m", "pip"]
            install = subprocess.run(pip + ["install", "./clients/python"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
            self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
            version = project_version()
            self.assertIn(f"Successfully installed baton-client-{version}", install.stdout)

            where = subprocess.run([python, "-c", "import baton_worker; print(baton_worker.__file__, baton_worker.__version__)"],
                                   cwd=tmp, env=env, capture_output=True, text=True, timeout=60)
            self.assertEqual(where.returncode, 0, where.stderr)
            self.assertTrue(where.stdout.startswith(os.path.join(venv, "lib")), where.stdout)  # not the clone's copy
            self.assertTrue(where.stdout.strip().endswith(f" {version}"), "baton_worker.__version__ differs from pyproject.toml's")

            script = os.path.join(tmp, "quick_start.py")
            with open(script, "w", encoding="utf-8") as f:
                f.write(quick_start())
            run = subprocess.run([python, script], cwd=tmp, env=dict(env, BATON_URL=server.url), capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertEqual(run.stdout.strip(), "complete {'text': 'HELLO, ADA!'}")


if __name__ == "__main__":
    unittest.main()
