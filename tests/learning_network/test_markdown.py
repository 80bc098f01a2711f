"""Users' Markdown: sanitised, and one text never changes how the next is read."""

from learning_network.markdown import render_markdown


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
