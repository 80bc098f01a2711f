"""Signed tokens for links in emails that work without signing in."""

from django.core import signing


def load_signed(token: str, *, salt: str) -> dict:
    """What a token made with `signing.dumps(dict, salt=salt)` holds, or an empty
    dict for a token that is forged, damaged or not ours."""
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return {}
    return data if isinstance(data, dict) else {}
