"""The embedded PostgreSQL used when no DATABASE_URL is given.

It runs the `pgserver` package's PostgreSQL 16 with its data in `var/pgdata`,
so the demo data survives restarts. pgserver keeps a list of the processes
using the server and stops it when the last one exits.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from pathlib import Path

DATABASE_NAME = "learning_network"


def _prepare_runtime_dir(var_dir: Path) -> None:
    # pgserver keeps its lock file and, for long paths, its socket in the
    # runtime folder; it wants one that only we can read.
    runtime = var_dir / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))


def _forget_dead_processes(pgdata: Path) -> None:
    """Drop processes that died without saying so from pgserver's list.

    A process killed by a signal never runs its exit handler, and the server
    would then never be stopped by the processes that come after it.
    """
    pid_file = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(pid_file.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if _is_running(pid)]
    if alive != pids:
        pid_file.write_text(json.dumps(alive))


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exit_cleanly_on_sigterm() -> None:
    # Turn SIGTERM into a normal exit so that pgserver's exit handler runs and
    # the server is not left running with nobody to stop it.
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        with contextlib.suppress(ValueError):  # not the main thread
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def database_settings(var_dir: Path) -> dict:
    """Start (or join) the embedded server and return Django's DATABASES entry."""
    _prepare_runtime_dir(var_dir)
    import pgserver  # imported late: it reads XDG_RUNTIME_DIR when imported
    import psycopg
    from psycopg import sql

    pgdata = var_dir / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    _forget_dead_processes(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    _exit_cleanly_on_sigterm()
    info = server.get_postmaster_info()
    host = str(info.socket_dir) if info.socket_dir else "127.0.0.1"
    port = info.port or 5432

    with psycopg.connect(
        host=host, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))

    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": host,
        "PORT": str(port),
    }
