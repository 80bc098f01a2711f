"""The embedded PostgreSQL used when no DATABASE_URL is given.

It runs the `pgserver` package's PostgreSQL 16 with its data in `var/pgdata`,
so the demo data survives restarts. pgserver keeps a list of the processes
using the server (`var/pgdata/.handle_pids.json`) and the last of them to
exit stops it.

A stop can be interrupted: a signal to `make run`'s process group kills
processes before their exit handlers run, or in the middle of rewriting that
list. Start-up therefore recovers from what such a stop leaves behind:

- an empty or corrupt list is read as "no clients" and written again; the
  list is always written atomically (a new file renamed over the old), so a
  signal can no longer leave it half-written;
- a server still running from this data directory with no live client is
  stopped before a new one starts, and a lock file (`postmaster.pid`) left
  by a server that is gone is removed;
- when the server cannot start at all, one line says why and what to do,
  and the command exits with status 1 instead of printing a traceback.

And stops are interrupted less: SIGTERM and SIGHUP end a process as normally
as Ctrl-C does, and at exit the clients that died without a word are dropped
from the list first, so that the last live one still stops the server.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

DATABASE_NAME = "learning_network"
CLIENT_LIST = ".handle_pids.json"
LOCK_FILE = "postmaster.pid"
# How long a server left running gets for a fast shutdown before an immediate one.
STOP_WAIT_SECONDS = 30


def database_settings(var_dir: Path) -> dict:
    """Start (or join) the embedded server and return Django's DATABASES entry.

    On failure, print one line to stderr and exit with status 1.
    """
    try:
        return _start(var_dir)
    except Exception as error:
        pgdata = var_dir / "pgdata"
        print(
            f"The embedded database could not start: {_reason(error, pgdata)}. "
            f"Its log is {pgdata / 'log'}. Run `make clean-var` to start afresh "
            "(this deletes local data), or set DATABASE_URL to use another PostgreSQL.",
            file=sys.stderr,
        )
        raise SystemExit(1) from None


def _start(var_dir: Path) -> dict:
    _prepare_runtime_dir(var_dir)
    import pgserver  # imported late: it reads XDG_RUNTIME_DIR when imported
    import psycopg
    from psycopg import sql

    pgdata = var_dir / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    pgdata = pgdata.resolve()
    _use_safe_client_list()
    with _pgserver_errors_kept_quiet():
        with pgserver.PostgresServer._lock:
            recover_interrupted_stop(pgdata)
        try:
            server = pgserver.get_server(pgdata, cleanup_mode="stop")
        except BaseException:
            # A start that timed out may still bring a server up later:
            # leave nothing running that nobody will stop. What went wrong
            # first is what gets reported.
            with contextlib.suppress(Exception), pgserver.PostgresServer._lock:
                recover_interrupted_stop(pgdata)
            raise
    # Registered after pgserver's exit handler, so it runs just before it.
    atexit.register(_forget_dead_clients, pgdata)
    _exit_cleanly_on_signals()
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


def _prepare_runtime_dir(var_dir: Path) -> None:
    # pgserver keeps its lock file and, for long paths, its socket in the
    # runtime folder; it wants one that only we can read.
    runtime = var_dir / "run"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))


# pgserver's list of clients -------------------------------------------------


def read_client_pids(path: Path) -> tuple[list[int], bool]:
    """The process ids in pgserver's list, and whether the file was sound.

    A missing file is an empty list; an empty, half-written or otherwise
    corrupt one is read as empty too, and reported as not sound.
    """
    try:
        text = path.read_text()
    except FileNotFoundError:
        return [], True
    except OSError:
        return [], False
    try:
        pids = json.loads(text)
    except ValueError:
        return [], False
    if not isinstance(pids, list) or not all(
        isinstance(pid, int) and not isinstance(pid, bool) and pid > 0 for pid in pids
    ):
        return [], False
    return pids, True


def write_client_pids(path: Path, pids: list[int]) -> None:
    """Replace pgserver's list in one step: a reader sees the old list or the new."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("w") as file:
            json.dump(pids, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _use_safe_client_list() -> None:
    """Have pgserver read its list forgivingly and write it atomically.

    pgserver 0.1.4 rewrites the file in place and fails with JSONDecodeError
    on an empty one, both at start-up and in the exit handler that stops the
    server.
    """
    from pgserver import postgres_server, utils

    if postgres_server.DiskList is not utils.DiskList:
        return  # already done in this process

    class SafeClientList(utils.DiskList):
        def get(self) -> list[int]:
            return read_client_pids(self.path)[0]

        def put(self, values: list[int]) -> None:
            write_client_pids(self.path, values)

    postgres_server.DiskList = SafeClientList


# Recovering from an interrupted stop ----------------------------------------


def recover_interrupted_stop(pgdata: Path) -> None:
    """Put the data directory right before pgserver starts or joins its server.

    Run with pgserver's lock held. A client is a live process in the list
    other than this one; clients exist only while a server runs.
    """
    client_list = pgdata / CLIENT_LIST
    listed, sound = read_client_pids(client_list)
    postmasters = postmasters_for(pgdata)
    clients = [pid for pid in listed if pid != os.getpid() and _is_running(pid)]
    if postmasters and not clients:
        print(
            "The embedded database was left running by an interrupted stop: "
            "stopping it before starting again.",
            file=sys.stderr,
        )
        for process in postmasters:
            _stop_postmaster(process)
        postmasters = postmasters_for(pgdata)
    if not postmasters:
        clients = []
        lock_file = pgdata / LOCK_FILE
        # Left by a server that is gone; pgserver would take a process that
        # has since reused its id for the server, and never start one.
        lock_file.unlink(missing_ok=True)
    if clients != listed or not sound:
        write_client_pids(client_list, clients)


def postmasters_for(pgdata: Path) -> list:
    """The running PostgreSQL servers (psutil processes) whose data directory this is."""
    import psutil

    pgdata = pgdata.resolve()
    found = {}
    candidates = []
    pid = _lock_file_pid(pgdata)
    if pid is not None:
        with contextlib.suppress(psutil.Error):
            candidates.append(psutil.Process(pid))
    candidates += psutil.process_iter()
    for process in candidates:
        with contextlib.suppress(psutil.Error, OSError):
            if process.pid not in found and _is_postmaster_for(process, pgdata):
                found[process.pid] = process
    return list(found.values())


def _is_postmaster_for(process, pgdata: Path) -> bool:
    if not process.name().startswith("postgres") or not process.is_running():
        return False
    arguments = process.cmdline()
    for flag, value in zip(arguments, arguments[1:], strict=False):
        if flag == "-D":
            return Path(value).resolve() == pgdata
    # Started without -D (PGDATA in its environment): a server works in its
    # data directory, and only the postmaster has no postgres parent there.
    if Path(process.cwd()).resolve() != pgdata:
        return False
    parent = process.parent()
    return parent is None or not parent.name().startswith("postgres")


def _lock_file_pid(pgdata: Path) -> int | None:
    try:
        pid = int((pgdata / LOCK_FILE).read_text().splitlines()[0].strip())
    except (OSError, IndexError, ValueError):
        return None
    # A single-user backend (initdb's, for one) writes its id negated.
    return abs(pid) or None


def _stop_postmaster(process) -> None:
    """Fast shutdown (SIGINT); if it does not end in time, immediate (SIGQUIT)."""
    import psutil

    for sig, wait in ((signal.SIGINT, STOP_WAIT_SECONDS), (signal.SIGQUIT, 10)):
        try:
            process.send_signal(sig)
            process.wait(wait)
            return
        except psutil.NoSuchProcess:
            return
        except psutil.TimeoutExpired:
            continue
    with contextlib.suppress(psutil.NoSuchProcess):
        process.kill()


def _is_running(pid: int) -> bool:
    """Whether the process exists and has not died (a zombie has)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:
        return True  # someone else's process: it exists


def _exit_cleanly_on_signals() -> None:
    """Turn SIGTERM and SIGHUP (a closed terminal) into a normal exit.

    pgserver's exit handler then runs, and the server is not left running
    with nobody to stop it.
    """
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is signal.SIG_DFL:
            with contextlib.suppress(ValueError):  # not the main thread
                signal.signal(sig, _exit_cleanly)


def _exit_cleanly(signum: int, frame) -> None:
    # A second signal must not cut short the exit handler stopping the server.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    sys.exit(0)


def _forget_dead_clients(pgdata: Path) -> None:
    """At exit, just before pgserver's own exit handler: drop clients that died.

    A client killed outright never takes itself off the list (runserver's
    reloader kills its child so on SIGTERM), and pgserver stops the server
    only when the process leaving is the last one listed.
    """
    import pgserver

    with contextlib.suppress(Exception), pgserver.PostgresServer._lock:
        path = pgdata / CLIENT_LIST
        listed, sound = read_client_pids(path)
        alive = [pid for pid in listed if _is_running(pid)]
        if alive != listed or not sound:
            write_client_pids(path, alive)


# Saying why it failed, in one line ------------------------------------------


class _KeptRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.messages.append(record.getMessage())


_kept = _KeptRecords()


@contextlib.contextmanager
def _pgserver_errors_kept_quiet() -> Iterator[None]:
    """pgserver prints whole logs when a start fails; keep them for _reason()."""
    logger = logging.getLogger("pgserver")
    _kept.messages.clear()
    propagate = logger.propagate
    logger.addHandler(_kept)
    logger.propagate = False
    try:
        yield
    finally:
        logger.propagate = propagate
        logger.removeHandler(_kept)


# A problem in PostgreSQL's log or a tool's output, one line each:
# "... FATAL:  reason", "initdb: error: reason", "postgres: reason" (before
# the server's own logging starts).
_PROBLEM = re.compile(r"(?:\b(?:FATAL|PANIC|ERROR|error):|^postgres:)[ \t]+(.*\S)")
_DETAIL = re.compile(r"\bDETAIL:[ \t]+(.*\S)")
_BAD_SETTING = re.compile(r"\bLOG:[ \t]+(invalid value for parameter .*\S)")


def _last_problem(text: str) -> str | None:
    """The last problem reported in a log, with its DETAIL line if it has one."""
    lines = text.splitlines()
    for number in range(len(lines) - 1, -1, -1):
        if not (problem := _PROBLEM.search(lines[number])):
            continue
        # A bad setting is logged before the FATAL that only names its file.
        for earlier in reversed(lines[max(0, number - 5) : number]):
            if bad_setting := _BAD_SETTING.search(earlier):
                return bad_setting.group(1)
        reason = problem.group(1).rstrip(".")
        if number + 1 < len(lines) and (detail := _DETAIL.search(lines[number + 1])):
            reason += f" ({detail.group(1).rstrip('.')})"
        return reason
    return None


def _reason(error: BaseException, pgdata: Path) -> str:
    if isinstance(error, subprocess.TimeoutExpired):
        return f"the server did not start within {int(error.timeout or 0)} seconds"
    if isinstance(error, subprocess.CalledProcessError):
        program = Path(str(error.cmd[0] if error.cmd else "")).name
        detail = None
        if program == "pg_ctl":
            with contextlib.suppress(OSError):
                detail = _last_problem((pgdata / "log").read_text(errors="replace")[-20000:])
        detail = detail or _last_problem("\n".join(_kept.messages))
        return detail or f"{program} failed with exit status {error.returncode}"
    text = str(error).strip()
    first_line = text.splitlines()[0] if text else ""
    if isinstance(error, OSError):
        return first_line or type(error).__name__
    return f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__
