"""Markdown that users type, rendered and then sanitised with nh3.

Nothing typed by a user reaches another user's browser as script: tags and
attributes outside a short allow-list are removed, and links may only be
http, https or mailto.
"""

import threading
from hashlib import sha256
from importlib.metadata import version

import markdown as markdown_lib
import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Names how HTML is made from Markdown: the two libraries' versions and the
# allow-lists. HTML kept in a cache is kept under it, so a new sanitiser or a
# shorter allow-list applies to every page at once, not when each expires.
RENDERING = sha256(
    repr(
        (
            version("markdown"),
            version("nh3"),
            sorted(ALLOWED_TAGS),
            sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items()),
            sorted(ALLOWED_URL_SCHEMES),
        )
    ).encode()
).hexdigest()[:16]


EXTENSIONS = ["tables", "sane_lists"]

# One converter for each thread, reset before each text: building one (its
# parser and every pattern) cost more than converting a section's text.
# `reset` forgets what a text defined (its link references, the HTML it
# stashed) but not the block parser's state, which a conversion that fails
# part way leaves behind: so that state is emptied too, and a converter
# whose conversion failed is dropped, never used again.
_converters = threading.local()


def _converter() -> markdown_lib.Markdown:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown_lib.Markdown(extensions=EXTENSIONS)
    converter.reset()
    del converter.parser.state[:]
    return converter


def _convert(text: str) -> str:
    try:
        return _converter().convert(text)
    except BaseException:
        _converters.markdown = None
        raise


def render_markdown(text: str) -> str:
    """Safe HTML from a user's Markdown; the text as typed, escaped, when it
    nests deeper than the parser can follow."""
    try:
        html = _convert(text or "")
    except RecursionError:
        return str(linebreaks(text, autoescape=True))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
