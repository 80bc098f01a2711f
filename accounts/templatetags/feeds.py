"""`{% feed_key_param %}`: the signed-in person's feed key, for the feed links on a page."""

from urllib.parse import urlencode

from django import template

from accounts import feeds

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_key_param(context) -> str:
    """`key=...` for the reader's own feed links, so a feed reader can follow them."""
    user = context["request"].user
    if not user.is_authenticated:
        return ""
    return urlencode({feeds.KEY_PARAMETER: feeds.feed_key(user)})
