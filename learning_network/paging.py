"""Which page numbers a list offers, shared by every paged list."""


def page_window(current: int, last: int, around: int = 2) -> list[int | None]:
    """The first and last pages and `around` either side of the current one,
    with None where a run of pages is left out."""
    shown = sorted(
        n for n in {1, last, *range(current - around, current + around + 1)} if 1 <= n <= last
    )
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def page_links(base: str, current: int, last: int) -> dict:
    """What includes/pagination_nav.html needs; `base` ends in ? or &."""

    def url(number: int) -> str:
        return f"{base}page={number}"

    return {
        "links": [
            {"number": n, "url": url(n), "current": n == current} if n else {"ellipsis": True}
            for n in page_window(current, last)
        ],
        "previous_url": url(current - 1) if current > 1 else "",
        "next_url": url(current + 1) if current < last else "",
    }
