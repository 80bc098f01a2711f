"""Feed links that a feed reader can follow without signing in.

A feed reader has no session, so each person's feed links carry a secret
key: their user id and an HMAC of it with a nonce kept on their account.
The key is accepted on feed URLs only (views wrapped in `feed_view`), never
signs anyone in, and stops working when the person resets it (a new nonce),
so a key that leaked can be withdrawn. The key itself is never stored.

Each kind of feed has its own key (`scope`): the public reading feeds
(ImpAct stories, saved searches) share one, and a person's bookings
calendar, which holds where they will be and the joining links of online
sessions, has another, so a reading feed's link passed on opens nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import User, new_feed_nonce

KEY_PARAMETER = "key"
_SALT = "accounts.feeds"
READING = "reading"  # ImpAct stories and saved searches
BOOKINGS = "bookings"  # a person's bookings calendar


def _signature(user: User, scope: str) -> str:
    # The reading feeds keep the key they had before scopes existed.
    message = f"{user.pk}:{user.feed_nonce}"
    if scope != READING:
        message = f"{scope}:{message}"
    return salted_hmac(_SALT, message, algorithm="sha256").hexdigest()[:40]


def feed_key(user: User, scope: str = READING) -> str:
    """This person's key for one kind of feed."""
    return f"{user.pk}.{_signature(user, scope)}"


def user_for_feed_key(key: str, scope: str = READING) -> User | None:
    """The active person whose current key for this kind of feed this is, or None."""
    pk, _, signature = key.partition(".")
    if not (pk.isascii() and pk.isdigit()) or len(pk) > 12 or not signature:
        return None
    user = User.objects.filter(pk=int(pk), is_active=True).first()
    if user is None or not constant_time_compare(signature, _signature(user, scope)):
        return None
    return user


def reset_feed_key(*, user: User) -> None:
    """Withdraw every feed link given out so far; the next ones use a new key."""
    user.feed_nonce = new_feed_nonce()
    User.objects.filter(pk=user.pk).update(feed_nonce=user.feed_nonce)


def feed_view(
    view: Callable[..., HttpResponse], scope: str = READING
) -> Callable[..., HttpResponse]:
    """A feed: for the signed-in reader, or for whoever brings a current key
    of this kind of feed (`scope`).

    A key that is wrong, tampered with or reset is a 404, saying nothing about
    whose it was; no key and no session is the sign-in page, as elsewhere.
    """

    @login_not_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = request.GET.get(KEY_PARAMETER)
        if key is not None:
            user = user_for_feed_key(key, scope)
            if user is None:
                raise Http404("No such feed.")
            request.user = user
        elif not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
