"""The embedded database survives an interrupted stop, and says plainly when it cannot start."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from learning_network import embedded_db

ROOT = Path(__file__).resolve().parents[2]

psutil = pytest.importorskip("psutil")
pytest.importorskip("pgserver")


# pgserver's list of clients, without a server ---------------------------------


@pytest.mark.parametrize(
    "text", ["", "[12, 3", "{}", '["12"]', "[true]", "[-1]", "\x00\x00", "null"]
)
def test_an_empty_or_corrupt_client_list_reads_as_no_clients(tmp_path, text):
    path = tmp_path / ".handle_pids.json"
    path.write_text(text)
    assert embedded_db.read_client_pids(path) == ([], False)


def test_a_sound_client_list_reads_as_it_is(tmp_path):
    path = tmp_path / ".handle_pids.json"
    assert embedded_db.read_client_pids(path) == ([], True)
    path.write_text("[12, 345]")
    assert embedded_db.read_client_pids(path) == ([12, 345], True)


def test_the_client_list_is_replaced_whole(tmp_path, monkeypatch):
    path = tmp_path / ".handle_pids.json"
    embedded_db.write_client_pids(path, [12])

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # the signal arrives in the middle of writing

    monkeypatch.setattr(embedded_db.json, "dump", interrupted)
    with pytest.raises(KeyboardInterrupt):
        embedded_db.write_client_pids(path, [12, 345])
    assert embedded_db.read_client_pids(path) == ([12], True)
    assert [p.name for p in tmp_path.iterdir()] == [".handle_pids.json"]


def test_pgserver_reads_and_writes_its_list_through_the_safe_functions(tmp_path, monkeypatch):
    from pgserver import postgres_server

    embedded_db._use_safe_client_list()
    path = tmp_path / ".handle_pids.json"
    clients = postgres_server.DiskList(path)  # what pgserver makes of the file
    path.write_text("")
    assert clients.get_and_add(12) == []  # pgserver 0.1.4 raised JSONDecodeError here
    assert json.loads(path.read_text()) == [12]

    def interrupted(*args, **kwargs):
        raise SystemExit(0)  # SIGTERM, turned into an exit, in the middle of writing

    monkeypatch.setattr(embedded_db.json, "dump", interrupted)
    with pytest.raises(SystemExit):
        clients.get_and_remove(12)
    assert json.loads(path.read_text()) == [12]


@pytest.mark.parametrize("sign", [1, -1], ids=["server", "single-user backend"])
def test_recovery_rewrites_a_corrupt_list_and_removes_a_dead_servers_lock(tmp_path, sign):
    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    (pgdata / ".handle_pids.json").write_text("")
    # The lock file of a server that is gone, whose process id is now someone
    # else's (this test's): pgserver would take this process for the server.
    pid = sign * os.getpid()
    (pgdata / "postmaster.pid").write_text(f"{pid}\n{pgdata}\n0\n5432\n\n\n\nready\n")

    embedded_db.recover_interrupted_stop(pgdata)

    assert json.loads((pgdata / ".handle_pids.json").read_text()) == []
    assert not (pgdata / "postmaster.pid").exists()


# The real embedded server, in a data directory of its own ---------------------


def portal_env(var_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "XDG_RUNTIME_DIR", "DJANGO_SETTINGS_MODULE"}
    }
    return env | {"LEARNING_NETWORK_VAR_DIR": str(var_dir), "DJANGO_DEBUG": "true"}


def manage_shell(var_dir: Path, code: str, **kwargs):
    return [sys.executable, "manage.py", "shell", "--no-imports", "-c", code], {
        "cwd": ROOT,
        "env": portal_env(var_dir),
        "text": True,
        **kwargs,
    }


ASK_THE_DATABASE = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('SELECT 1')\n"
    "    print('answered', cursor.fetchone()[0], flush=True)\n"
)


def start_and_hold(var_dir: Path) -> subprocess.Popen:
    """`make run` in miniature: a client of the embedded server that stays up."""
    args, kwargs = manage_shell(
        var_dir, ASK_THE_DATABASE + "import time\ntime.sleep(300)\n", stdout=subprocess.PIPE
    )
    process = subprocess.Popen(args, start_new_session=True, **kwargs)  # noqa: S603
    line = process.stdout.readline()
    assert line.strip() == "answered 1", f"the first start failed: {line!r}"
    return process


def postmaster_pids(pgdata: Path) -> list[int]:
    return [process.pid for process in embedded_db.postmasters_for(pgdata)]


@pytest.fixture(scope="module")
def shared_var_dir(tmp_path_factory):
    """One data directory for the tests that start the real server: initdb runs once."""
    var_dir = tmp_path_factory.mktemp("embedded") / "var"
    yield var_dir
    # Whatever happened, leave no server running.
    for process in embedded_db.postmasters_for(var_dir / "pgdata"):
        process.send_signal(signal.SIGQUIT)


@pytest.fixture
def var_dir(shared_var_dir):
    yield shared_var_dir
    assert postmaster_pids(shared_var_dir / "pgdata") == [], "a server was left running"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_make_run_stopped_by_a_signal_to_its_process_group_stops_the_server(var_dir, sig):
    pgdata = var_dir / "pgdata"
    port = free_port()
    runserver = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=portal_env(var_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):  # noqa: S310
                    break
            except OSError:
                assert time.monotonic() < deadline, "runserver did not answer"
                time.sleep(0.5)
        # The reloader's parent and the child serving requests.
        assert len(json.loads((pgdata / ".handle_pids.json").read_text())) == 2
    finally:
        os.killpg(runserver.pid, sig)
        runserver.wait(60)

    assert postmaster_pids(pgdata) == []
    assert json.loads((pgdata / ".handle_pids.json").read_text()) == []


def test_start_up_recovers_from_a_stop_interrupted_while_rewriting_the_client_list(var_dir):
    pgdata = var_dir / "pgdata"
    first = start_and_hold(var_dir)
    [left_running] = postmaster_pids(pgdata)

    # A signal to the process group kills the client while it rewrites the
    # list: the list is left empty and the server is left running.
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(30)
    (pgdata / ".handle_pids.json").write_text("")
    assert postmaster_pids(pgdata) == [left_running]

    which_server = "print('server', open('postmaster.pid').readline().strip())\n"
    args, kwargs = manage_shell(
        var_dir,
        ASK_THE_DATABASE + f"import os\nos.chdir({str(pgdata)!r})\n" + which_server,
        capture_output=True,
        timeout=120,
    )
    again = subprocess.run(args, check=False, **kwargs)  # noqa: S603

    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    answered, server = again.stdout.splitlines()
    assert answered == "answered 1"
    # The server left running was stopped, and a new one started.
    assert "left running by an interrupted stop" in again.stderr
    assert server != f"server {left_running}"
    assert not psutil.pid_exists(left_running)
    # The last client stopped its server on the way out, as pgserver intends.
    assert postmaster_pids(pgdata) == []
    assert json.loads((pgdata / ".handle_pids.json").read_text()) == []


def test_a_server_that_cannot_start_is_reported_in_one_line(tmp_path):
    # Data left by another PostgreSQL version, as after an upgrade of pgserver.
    var_dir = tmp_path / "var"
    pgdata = var_dir / "pgdata"
    pgdata.mkdir(parents=True, mode=0o700)
    (pgdata / "PG_VERSION").write_text("15\n")
    (pgdata / "postgresql.conf").write_text("")
    args, kwargs = manage_shell(var_dir, ASK_THE_DATABASE, capture_output=True, timeout=120)

    failed = subprocess.run(args, check=False, **kwargs)  # noqa: S603

    assert failed.returncode == 1
    assert failed.stdout == ""
    assert failed.stderr.count("\n") == 1, failed.stderr
    assert failed.stderr.startswith(
        "The embedded database could not start: database files are incompatible with server "
        "(The data directory was initialized by PostgreSQL version 15, which is not compatible "
        "with this version 16."
    )
    assert f"Its log is {pgdata.resolve() / 'log'}." in failed.stderr
    assert "Run `make clean-var` to start afresh (this deletes local data)" in failed.stderr
    assert postmaster_pids(pgdata) == []
