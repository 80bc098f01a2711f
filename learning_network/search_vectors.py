"""Weighted search vectors kept by PostgreSQL triggers, for the smaller tables
the header's search covers (ImpAct stories, research projects).

A trigger rather than a generated column: Django's checks of a generated
column ask the database for its version, and `manage.py check --deploy` must
pass on a build machine with no database.
"""

import re

from django.db import migrations

IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def weighted_vector_trigger(table: str, weights: dict[str, str]) -> migrations.RunSQL:
    """A migration operation that keeps `table.search_vector` current from the
    text columns in `weights` (column -> weight A to D, English stemming), and
    fills it for the rows already there."""
    # Names written by our own migrations, never by users: checked all the same.
    if not all(IDENTIFIER.fullmatch(name) for name in [table, *weights]) or not set(
        weights.values()
    ) <= set("ABCD"):
        raise ValueError(f"Not a table, columns and weights: {table!r} {weights!r}")
    name = f"{table}_search_vector"
    vector = " || ".join(
        f"setweight(to_tsvector('english', coalesce(NEW.{column}, '')), '{weight}')"
        for column, weight in weights.items()
    )
    columns = ", ".join(weights)
    first = next(iter(weights))
    return migrations.RunSQL(
        sql=f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := {vector};
    RETURN NEW;
END
$$;
CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {columns}, search_vector ON {table}
FOR EACH ROW EXECUTE FUNCTION {name}();
UPDATE {table} SET {first} = {first};
""",  # noqa: S608 (identifiers checked above)
        reverse_sql=f"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();",
    )
