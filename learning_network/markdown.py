"""Markdown that users type, rendered and then sanitised with nh3.

Nothing typed by a user reaches another user's browser as script: tags and
attributes outside a short allow-list are removed, and links may only be
http, https or mailto.
"""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Safe HTML from a user's Markdown."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
