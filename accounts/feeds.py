"""Feed links that a feed reader can follow without signing in.

A feed reader has no session, so each person's feed links carry a secret
key: their user id and an HMAC of it with a nonce kept on their account.
The key is accepted on feed URLs only (views wrapped in `feed_view`), never
signs anyone in, and stops working when the person resets it (a new nonce),
so a key that leaked can be withdrawn. The key itself is never stored.
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


def _signature(user: User) -> str:
    return salted_hmac(_SALT, f"{user.pk}:{user.feed_nonce}", algorithm="sha256").hexdigest()[:40]


def feed_key(user: User) -> str:
    """This person's feed key."""
    return f"{user.pk}.{_signature(user)}"


def user_for_feed_key(key: str) -> User | None:
    """The active person whose current key this is, or None for any other."""
    pk, _, signature = key.partition(".")
    if not (pk.isascii() and pk.isdigit()) or len(pk) > 12 or not signature:
        return None
    user = User.objects.filter(pk=int(pk), is_active=True).first()
    if user is None or not constant_time_compare(signature, _signature(user)):
        return None
    return user


def reset_feed_key(*, user: User) -> None:
    """Withdraw every feed link given out so far; the next ones use a new key."""
    user.feed_nonce = new_feed_nonce()
    User.objects.filter(pk=user.pk).update(feed_nonce=user.feed_nonce)


def feed_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A feed: for the signed-in reader, or for whoever brings a current key.

    A key that is wrong, tampered with or reset is a 404, saying nothing about
    whose it was; no key and no session is the sign-in page, as elsewhere.
    """

    @login_not_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = request.GET.get(KEY_PARAMETER)
        if key is not None:
            user = user_for_feed_key(key)
            if user is None:
                raise Http404("No such feed.")
            request.user = user
        elif not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
