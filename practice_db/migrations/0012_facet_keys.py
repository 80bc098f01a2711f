"""Every chosen facet found in one index.

A search narrowed by facets (a topic and a care setting; two regions, a
strength of evidence and a year) found its candidates through one facet's
index and read each candidate's row to test the others: at 1,000,000
examples, 60,000 rows read to find 9,600, about 180 ms. Two generated
columns hold every facet value of an example as array elements, with one
GIN index over both, so that PostgreSQL intersects every chosen facet inside
the index and reads only the rows that pass them all:

- `facet_keys` (integers): the topic ids (and their subjects', as
  `facet_topic_ids`), the region as -(1,000,000 + id), the year as
  -(2,000,000 + year), and Beacon as -(3,000,000 + 0 or 1);
- `facet_labels` (text): "c:" + care setting, "e:" + strength of evidence,
  "o:" + type of organisation.

practice_db/search/facets.py (`facet_keys`) makes the same values from a
search's choices; a test checks the two agree. PostgreSQL computes the
columns whenever a row is written (after the search trigger has set the
facet columns they copy), so Django never writes them: they are not on the
model.
"""

from django.db import migrations

FACET_KEYS_SQL = r"""
ALTER TABLE practice_db_practiceexample
    ADD COLUMN facet_keys integer[] GENERATED ALWAYS AS (
        facet_topic_ids
        || (-(1000000 + coalesce(facet_region_id, 0)))
        || (-(2000000 + coalesce(facet_year, 0)::integer))
        || (-(3000000 + is_beacon::integer))
    ) STORED,
    ADD COLUMN facet_labels text[] GENERATED ALWAYS AS (
        ARRAY[
            'c:' || care_setting,
            'e:' || evidence_rating,
            'o:' || facet_organisation_type
        ]
    ) STORED;
CREATE INDEX practice_example_facets ON practice_db_practiceexample
    USING gin (facet_keys, facet_labels) WHERE status = 'published';
ANALYZE practice_db_practiceexample;
"""

FACET_KEYS_REVERSE_SQL = r"""
DROP INDEX practice_example_facets;
ALTER TABLE practice_db_practiceexample DROP COLUMN facet_keys, DROP COLUMN facet_labels;
"""


class Migration(migrations.Migration):
    dependencies = [("practice_db", "0011_examples_by_organisation")]

    operations = [migrations.RunSQL(FACET_KEYS_SQL, FACET_KEYS_REVERSE_SQL)]
