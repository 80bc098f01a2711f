# A Learning Centre's search vector is kept by PostgreSQL, as a Beacon's is
# (beacons migration 0002), so every way of writing a centre keeps search
# right. The host organisation's name A, what it is known for B, what it
# offers and why it was designated C, its region's name D. A renamed
# organisation is picked up by a statement-level trigger that asks its
# centres to recompute.

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

SQL = r"""
CREATE FUNCTION learning_centre_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    org_name text;
    region_name text;
BEGIN
    SELECT o.name INTO org_name FROM directory_organisation o WHERE o.id = NEW.organisation_id;
    SELECT r.name INTO region_name FROM directory_region r WHERE r.id = NEW.region_id;
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(org_name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.known_for, '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.offers, '')), 'C')
        || setweight(to_tsvector('english', coalesce(NEW.basis_detail, '')), 'C')
        || setweight(to_tsvector('english', coalesce(region_name, '')), 'D');
    RETURN NEW;
END;
$$;

CREATE TRIGGER learning_centre_search_vector
BEFORE INSERT OR UPDATE OF known_for, offers, basis_detail, organisation_id, region_id,
    search_vector
ON learning_centres_learningcentre
FOR EACH ROW EXECUTE FUNCTION learning_centre_search_vector();

CREATE FUNCTION learning_centre_organisation_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE learning_centres_learningcentre c SET search_vector = NULL
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE c.organisation_id = n.id AND n.name IS DISTINCT FROM o.name;
    RETURN NULL;
END;
$$;

CREATE TRIGGER learning_centre_organisation_renamed
AFTER UPDATE ON directory_organisation
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION learning_centre_organisation_renamed();

UPDATE learning_centres_learningcentre SET search_vector = NULL;
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS learning_centre_organisation_renamed ON directory_organisation;
DROP FUNCTION IF EXISTS learning_centre_organisation_renamed();
DROP TRIGGER IF EXISTS learning_centre_search_vector ON learning_centres_learningcentre;
DROP FUNCTION IF EXISTS learning_centre_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_regions"),
        ("learning_centres", "0002_event_followers_told"),
    ]

    operations = [
        migrations.AddField(
            model_name="learningcentre",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="learningcentre",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="learning_centre_search"
            ),
        ),
        migrations.RunSQL(SQL, REVERSE),
    ]
