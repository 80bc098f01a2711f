"""One way to stop any kind of email: a signed link in it, one page, no sign-in.

Each kind of email that people can stop is registered here by the app that
sends it, in that app's own `unsubscribe.py` (found the way Django's admin
finds `admin.py`), with a function that reads a token's data into a
`Subscription`: whose it is, what it stops, whether it is on, and how to
stop it. A kind with no subscription record of its own (reminders to an
address that may have no account) is an opt-out list: stopping it writes an
EmailOptOut row, and `send_once` skips an address on the list.

The link's token is signed (Django's signing, with this module's salt), so
it cannot be forged or turned on someone else, and holds only ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from learning_network.tokens import load_signed

SALT = "learning_network.unsubscribe"
# A real token is under 200 characters; anything far longer is not ours.
MAX_TOKEN_LENGTH = 1000


@dataclass(frozen=True)
class Subscription:
    """What one unsubscribe link stops, as the page shows it."""

    address: str
    # Completes "Unsubscribe from …": for example "ImpAct by email".
    title: str
    # Completes "… will no longer get …": for example "each new issue of ImpAct".
    description: str
    is_active: bool
    stop: Callable[[], object]
    # Where to change it later, said in a sentence.
    afterwards: str = ""


Reader = Callable[[dict], Subscription | None]


@dataclass(frozen=True)
class UnsubscribeLink:
    """The link for one email, and the headers that let mail programs offer it."""

    kind: str
    token: str
    url: str

    @property
    def headers(self) -> dict[str, str]:
        # RFC 2369 and RFC 8058: a one-click POST to the same address.
        return {
            "List-Unsubscribe": f"<{self.url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }


_readers: dict[str, Reader] = {}
_opt_out_kinds: set[str] = set()
_discovered = False


def register(kind: str) -> Callable[[Reader], Reader]:
    """Decorator: `reader(data)` turns a token's data into a Subscription, or
    None when what it names is gone."""

    def add(reader: Reader) -> Reader:
        _readers[kind] = reader
        return reader

    return add


def register_opt_out_list(kind: str, *, title: str, description: str, afterwards: str = "") -> None:
    """A kind of email stopped by address, for recipients with no subscription record."""

    def reader(data: dict) -> Subscription | None:
        from learning_network.models import EmailOptOut

        address = str(data.get("address", "")).lower()
        if not address:
            return None

        def stop() -> None:
            EmailOptOut.objects.get_or_create(address=address, kind=kind)

        return Subscription(
            address=address,
            title=title,
            description=description,
            is_active=not EmailOptOut.objects.filter(address=address, kind=kind).exists(),
            stop=stop,
            afterwards=afterwards,
        )

    _readers[kind] = reader
    _opt_out_kinds.add(kind)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("unsubscribe")
        _discovered = True


def link(kind: str, **data: object) -> UnsubscribeLink:
    """The unsubscribe link for one kind of email and what it names (ids only)."""
    from learning_network.email import absolute_url

    _discover()
    if kind not in _readers:
        raise LookupError(f"No kind of email called {kind!r} can be unsubscribed from.")
    token = signing.dumps({"kind": kind, **data}, salt=SALT, compress=True)
    return UnsubscribeLink(
        kind=kind, token=token, url=absolute_url(reverse("unsubscribe", args=[token]))
    )


def read(token: str) -> tuple[str, dict] | None:
    """The kind and data a token holds, or None for one forged, damaged or unknown."""
    if len(token) > MAX_TOKEN_LENGTH:
        return None
    data = load_signed(token, salt=SALT)
    _discover()
    kind = data.pop("kind", None)
    if kind not in _readers:
        return None
    return kind, data


def subscription(kind: str, data: dict) -> Subscription | None:
    """What a token's data names, or None when it is gone (a deleted search, say)."""
    _discover()
    return _readers[kind](data)


def opted_out(kind: str, addresses: Iterable[str]) -> bool:
    """Whether any of these addresses stopped this kind of email (opt-out lists only)."""
    from learning_network.models import EmailOptOut

    _discover()
    if kind not in _opt_out_kinds:
        return False
    lowered = [address.lower() for address in addresses]
    return EmailOptOut.objects.filter(kind=kind, address__in=lowered).exists()
