# The Beacon's search vector is kept by PostgreSQL itself, as the practice
# search's is (practice_db migration 0002): every way of writing a Beacon (the
# portal, the admin, the demo's bulk insert, plain SQL) keeps search right.
# Service name A, what others can learn B, what it does C, organisation D. A
# renamed organisation is picked up by a statement-level trigger that asks
# its Beacons to recompute.

from django.db import migrations

SQL = r"""
CREATE FUNCTION beacon_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    org_name text;
BEGIN
    SELECT o.name INTO org_name FROM directory_organisation o WHERE o.id = NEW.organisation_id;
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.service_name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.what_others_can_learn, '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.what_it_does, '')), 'C')
        || setweight(to_tsvector('english', coalesce(org_name, '')), 'D');
    RETURN NEW;
END;
$$;

CREATE TRIGGER beacon_search_vector
BEFORE INSERT OR UPDATE OF service_name, what_others_can_learn, what_it_does,
    organisation_id, search_vector
ON beacons_beacon
FOR EACH ROW EXECUTE FUNCTION beacon_search_vector();

CREATE FUNCTION beacon_organisation_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE beacons_beacon b SET search_vector = NULL
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE b.organisation_id = n.id AND n.name IS DISTINCT FROM o.name;
    RETURN NULL;
END;
$$;

CREATE TRIGGER beacon_organisation_renamed
AFTER UPDATE ON directory_organisation
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION beacon_organisation_renamed();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS beacon_organisation_renamed ON directory_organisation;
DROP FUNCTION IF EXISTS beacon_organisation_renamed();
DROP TRIGGER IF EXISTS beacon_search_vector ON beacons_beacon;
DROP FUNCTION IF EXISTS beacon_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [("beacons", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
