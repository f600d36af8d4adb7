"""A throwaway PostgreSQL cluster for tests that stop and start PostgreSQL (as
test/support/pg-cluster.ts does for the TypeScript tests): initdb into a
temporary directory with the installed binaries, on a free port, started and
stopped with pg_ctl. As root, the cluster runs as the `postgres` user (initdb refuses root).
"""
import os
import pwd
import shutil
import subprocess
import tempfile
from typing import List, Optional

from support import free_port


def find_postgres_bin() -> Optional[str]:
    """The newest installed server binaries (``/usr/lib/postgresql/<version>/bin``), if any."""
    root = "/usr/lib/postgresql"
    if not os.path.isdir(root):
        return None
    versions = [v for v in os.listdir(root) if os.path.exists(os.path.join(root, v, "bin", "initdb"))]
    versions.sort(key=lambda v: float(v) if v.replace(".", "").isdigit() else 0, reverse=True)
    return os.path.join(root, versions[0], "bin") if versions else None


class PgCluster:
    """Created and started by the constructor; ``stop()`` is a fast shutdown (clients are disconnected)."""

    def __init__(self) -> None:
        bin_dir = find_postgres_bin()
        if bin_dir is None:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
        self._bin = bin_dir
        self.dir = tempfile.mkdtemp(prefix="baton-pg-")
        self._data = os.path.join(self.dir, "data")
        self._log = os.path.join(self.dir, "server.log")
        self._as_root = os.getuid() == 0
        if self._as_root:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"
        self._run("initdb", ["-D", self._data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"])
        self.running = False
        self.start()

    def _run(self, tool: str, args: List[str]) -> None:
        cmd = [os.path.join(self._bin, tool), *args]
        if self._as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            log = open(self._log).read()[-2000:] if os.path.exists(self._log) else ""
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr}\n{log}")

    def start(self) -> None:
        self._run("pg_ctl", ["start", "-D", self._data, "-w", "-t", "30", "-l", self._log, "-o", self._options])
        self.running = True

    def stop(self) -> None:
        self._run("pg_ctl", ["stop", "-D", self._data, "-m", "fast", "-w", "-t", "30"])
        self.running = False

    def destroy(self) -> None:
        if self.running:
            try:
                self.stop()
            except RuntimeError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)
