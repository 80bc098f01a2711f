"""One rule, two uses: a `Q` that filters a queryset and also answers for one object.

A permission rule written as a `Q` (for example "published, or yours, or in a
region you moderate") is applied to querysets by the database, so a list or a
`get_object_or_404` never shows what the rule forbids. `matches(obj, rule)`
evaluates the same `Q` in Python against an object already loaded, so the
per-object check ("may this user edit this example?") cannot drift from the
queryset: there is nothing else to keep in step.

Only the lookups rules need are understood (exact, in, isnull, lt, lte, gt,
gte, across foreign keys by `__`); anything else is a programming error and
raises at once rather than answering wrongly.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q

LOOKUPS = {
    "exact": lambda value, wanted: value == wanted,
    "in": lambda value, wanted: value in set(wanted),
    "isnull": lambda value, wanted: (value is None) == bool(wanted),
    "lt": lambda value, wanted: value is not None and value < wanted,
    "lte": lambda value, wanted: value is not None and value <= wanted,
    "gt": lambda value, wanted: value is not None and value > wanted,
    "gte": lambda value, wanted: value is not None and value >= wanted,
}

# A rule that lets nothing through and one that lets everything through. An
# empty Q() would not do for either: combined with | or & Django drops it.
NOTHING = Q(pk__in=[])
EVERYTHING = Q(pk__isnull=False)


def _plain(value: Any) -> Any:
    """A model instance compares by its primary key, as it does in a query."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    return value


def _value(obj: Any, path: list[str]) -> Any:
    *through, last = path
    for name in through:
        obj = getattr(obj, name)
        if obj is None:
            return None
    if last == "pk":
        return obj.pk
    # A foreign key compares by its id, read without loading the related row.
    return getattr(obj, f"{last}_id") if hasattr(obj, f"{last}_id") else getattr(obj, last)


def _condition(obj: Any, lookup: str, wanted: Any) -> bool:
    parts = lookup.split("__")
    operator = parts.pop() if parts[-1] in LOOKUPS and len(parts) > 1 else "exact"
    try:
        value = _value(obj, parts)
    except AttributeError as error:
        raise ValueError(f"This rule cannot be answered in Python: {lookup}") from error
    return LOOKUPS[operator](value, _plain(wanted))


def matches(obj: Any, rule: Q) -> bool:
    """Whether `obj` satisfies `rule`, decided in Python with no query."""
    results = []
    for child in rule.children:
        if isinstance(child, Q):
            results.append(matches(obj, child))
        else:
            lookup, wanted = child
            if hasattr(wanted, "resolve_expression"):
                raise TypeError(f"A rule cannot compare with an expression: {lookup}")
            results.append(_condition(obj, lookup, wanted))
    if rule.connector == Q.AND:
        outcome = all(results)
    elif rule.connector == Q.OR:
        outcome = any(results)
    else:  # XOR
        outcome = sum(results) % 2 == 1
    return not outcome if rule.negated else outcome
