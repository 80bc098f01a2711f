"""How often something may be done: one small limiter that every app shares.

    if not throttle.hit(f"sign-up:client:{throttle.client_address(request)}",
                        limit=50, window=3600):
        ...  # refuse: 429 and a clear message

`hit` counts one attempt at `key` and says whether it is within `limit`
attempts in the current `window` seconds. A refused attempt is not counted.

Why it is built this way. The portal runs as several app servers at once,
so the count cannot live in one process's memory. It lives in Django's
default cache, which the settings make shared: Redis when REDIS_URL is set,
otherwise a table in PostgreSQL (the embedded database has no Redis beside
it). A counter kept with `cache.incr` would be the obvious way, but the
database cache's `incr` is a read followed by a write, so two servers at
once can both read 4 and both write 5. Instead each window has `limit`
numbered slots, and an attempt passes only if it claims a free slot with
`cache.add`, which both caches make atomic: Redis sets a key only if it is
absent, and the table's primary key refuses a second insert of one key.
So no more than `limit` attempts pass in a window, whatever runs at once.
Windows are fixed stretches of the clock, so a slot's key is never used
again once its window ends (the portal's database cache claims even an
expired key atomically, `learning_network.cache_backend`, but Django's own
did not); across a boundary up to twice the limit can pass in a short time,
which is fine for limits meant to stop floods.
"""

from __future__ import annotations

import hashlib
import time

from axes.helpers import get_client_ip_address
from django.core.cache import caches
from django.http import HttpRequest


def _clock() -> float:
    return time.time()


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt at `key`; False (and not counted) if `limit` are used up."""
    cache = caches["default"]
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    number = int(_clock() // window)
    slots = [f"throttle:{digest}:{window}:{number}:{n}" for n in range(limit)]
    taken = cache.get_many(slots)
    # Claim the first free slot; one taken a moment ago by another server is skipped.
    return any(slot not in taken and cache.add(slot, 1, timeout=window) for slot in slots)


def client_address(request: HttpRequest) -> str:
    """The client's address, read as the sign-in lockout reads it (see TRUSTED_PROXY_COUNT)."""
    return get_client_ip_address(request) or "unknown"
