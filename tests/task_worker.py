"""The real task queue in tests: PostgreSQL holds the tasks, and a test runs
the worker (the code behind `manage.py db_worker`) when it chooses.

The worker closes and reopens database connections as it goes, so tests
that run it need `pytest.mark.django_db(transaction=True)`.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def use_database_queue(settings) -> None:
    """Tasks wait in PostgreSQL until `run_worker`, as in production."""
    settings.TASKS = DATABASE_QUEUE


def run_worker(worker_id: str = "test-worker") -> None:
    """Run every task that is due, then stop, as `manage.py db_worker --batch` does."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()


def waiting_tasks():
    """Tasks queued and not yet run, due now or later."""
    return DBTaskResult.objects.filter(status="READY")


def make_waiting_tasks_due() -> int:
    """Bring every waiting task forward to now, as if its delay had passed."""
    return waiting_tasks().update(run_after=timezone.now())
