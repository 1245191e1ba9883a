"""Run a throwaway PostgreSQL server on loopback for as long as a command (or a `with` block) runs.

Installs Debian's postgresql when it is missing (apt-get, as root), initialises a cluster in
a temporary folder owned by the `postgres` OS user (the server refuses to run as root), starts
it on 127.0.0.1 on a free port, creates a login role and a database (C collation, as text
compares on the other engines) with a freshly generated password, and hands the connection
over in the environment variables the dbt profile reads (TOKEN_OUTCOMES_PG_*). The server is
stopped and its folder removed on the way out, whatever happened.

    .venv/bin/python -m token_outcomes.engines.postgres_server -- bash -c 'echo $TOKEN_OUTCOMES_PG_PORT'
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

OS_USER = "postgres"
ROLE = "token_outcomes"
DATABASE = "token_outcomes"


def postgres_bin() -> Path:
    """The newest installed server's bin folder, installing Debian's postgresql first when none is."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(Path(path).parts[4]))
    if not found:
        if os.geteuid() != 0:
            raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (as root)")
        environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=environment)
        subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=True, env=environment,
                       stdout=subprocess.DEVNULL)
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(Path(path).parts[4]))
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_server_user(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a server command as the unprivileged OS user (root may not own a cluster)."""
    program = Path(command[0]).name
    if os.geteuid() == 0:
        command = ["runuser", "-u", OS_USER, "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{program} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[dict[str, str]]:
    """Yield the TOKEN_OUTCOMES_PG_* variables of a fresh server; stop and delete it afterwards."""
    bin_dir = postgres_bin()
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(OS_USER)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", OS_USER], check=True)
    root = Path(tempfile.mkdtemp(prefix="token-outcomes-pg-"))
    data, log = root / "data", root / "server.log"
    password = secrets.token_urlsafe(24)
    port = free_port()
    if os.geteuid() == 0:
        shutil.chown(root, user=OS_USER)
    started = False
    try:
        as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", OS_USER, "--encoding=UTF8",
                        "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256"])
        # A disposable cluster: durability is not needed, speed is.
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root}"
                   " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                   " -c shared_buffers=256MB -c work_mem=64MB -c max_wal_size=2GB")
        as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60",
                        "start"])
        started = True
        # On standard input, so the password never shows in a process list.
        setup = (f"create role {ROLE} login password '{password}';\n"
                 f"create database {DATABASE} owner {ROLE} template template0 encoding 'UTF8'"
                 " lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8';\n")
        as_server_user([str(bin_dir / "psql"), "-h", str(root), "-p", str(port), "-U", OS_USER, "-d", "postgres",
                        "-v", "ON_ERROR_STOP=1", "-q", "-f", "-"], input=setup)
        yield {
            "TOKEN_OUTCOMES_PG_HOST": "127.0.0.1",
            "TOKEN_OUTCOMES_PG_PORT": str(port),
            "TOKEN_OUTCOMES_PG_USER": ROLE,
            "TOKEN_OUTCOMES_PG_PASSWORD": password,
            "TOKEN_OUTCOMES_PG_DATABASE": DATABASE,
        }
    finally:
        if started:
            with contextlib.suppress(RuntimeError):
                as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print(__doc__)
        return 2
    # A kill (SIGTERM) unwinds like Ctrl-C, so the server is stopped and removed all the same.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    with throwaway_postgres() as variables:
        started = time.monotonic()
        result = subprocess.run(argv, env=dict(os.environ, **variables), check=False)
        print(f"command finished in {time.monotonic() - started:.0f} s; stopping the server", file=sys.stderr)
        return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
