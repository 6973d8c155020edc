-- metadata_list's q of 3+ characters from an index: pg_trgm GIN indexes on the lowered name and
-- external id (LIKE '%q%' on lower(...) uses them; the index is lossy and PostgreSQL rechecks
-- every candidate, so the answer is exactly a scan's). pg_trgm ships with Debian's
-- postgresql-15 (postgresql-contrib) and is a trusted extension (a database owner may create
-- it). Where it is not installed, the indexes are left out and q scans the snapshot.
DO $hsd$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX metadata_objects_name_trgm ON metadata_objects USING gin (lower(name) gin_trgm_ops);
    CREATE INDEX metadata_objects_external_id_trgm
      ON metadata_objects USING gin (lower(external_id) gin_trgm_ops);
  ELSE
    RAISE NOTICE 'pg_trgm is not installed: metadata search scans each snapshot';
  END IF;
END
$hsd$;
