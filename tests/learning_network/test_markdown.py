"""Users' Markdown: sanitised, and one text never changes how the next is read."""

import markdown

from learning_network.markdown import EXTENSIONS, render_markdown


def test_script_and_unsafe_links_are_removed():
    html = render_markdown('<script>alert(1)</script>[x](javascript:alert(1)) <b onclick="x">b</b>')
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_a_link_defined_in_one_text_is_not_known_to_the_next():
    """The converter is reused (reset between texts): a reference defined
    by one person's text must not become a link in another's."""
    render_markdown("[report]: https://example.com/elsewhere")
    assert "<a" not in render_markdown("See the [report].")
    assert render_markdown("See the [report].") == "<p>See the [report].</p>"


def test_tables_and_lists_are_kept():
    html = render_markdown("- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<ul>" in html
    assert "<table>" in html
    assert render_markdown("") == ""


def test_a_text_nested_too_deep_is_shown_as_typed_and_harms_no_other():
    """A conversion that fails part way (nesting too deep for the parser)
    shows the text escaped, and leaves no state for the next person's text."""
    deep = "- " * 500 + "<b>x</b>"
    assert render_markdown(deep) == f"<p>{'- ' * 499}- &lt;b&gt;x&lt;/b&gt;</p>"
    loose_list = "1. a\n\n    more"
    expected = markdown.markdown(loose_list, extensions=EXTENSIONS)
    assert render_markdown(loose_list).replace("\n", "") == expected.replace("\n", "")
