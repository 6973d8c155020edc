-- Search over metadata objects (sdk/STORAGE.md, "Search"): an FTS5 index with the trigram
-- tokenizer over each object's name and external id, so that a q of 3 or more characters is
-- answered from the index instead of by reading every object of the snapshot. Case-insensitive
-- (the tokenizer's default); shorter queries, which trigrams cannot answer, still scan.
--
-- External content: the index keeps no second copy of the text, metadata_objects does. The
-- triggers keep it exact through every write (snapshot_add_objects' insert and upsert, the
-- deletes of snapshot_activate, snapshot_discard and delete_connection): FTS5 removes an
-- external-content row only when handed its old values, which the triggers take from the old
-- row. columnsize=0: no per-row token counts, which only ranking (bm25) would read.
CREATE VIRTUAL TABLE metadata_search USING fts5(
  name, external_id,
  content = 'metadata_objects', content_rowid = 'id',
  tokenize = 'trigram', columnsize = 0
);

CREATE TRIGGER metadata_search_insert AFTER INSERT ON metadata_objects BEGIN
  INSERT INTO metadata_search (rowid, name, external_id) VALUES (new.id, new.name, new.external_id);
END;

CREATE TRIGGER metadata_search_delete AFTER DELETE ON metadata_objects BEGIN
  INSERT INTO metadata_search (metadata_search, rowid, name, external_id)
    VALUES ('delete', old.id, old.name, old.external_id);
END;

-- An upsert that re-adds an object with the same name changes nothing the index holds.
CREATE TRIGGER metadata_search_update AFTER UPDATE OF id, name, external_id ON metadata_objects
WHEN old.id IS NOT new.id OR old.name IS NOT new.name OR old.external_id IS NOT new.external_id
BEGIN
  INSERT INTO metadata_search (metadata_search, rowid, name, external_id)
    VALUES ('delete', old.id, old.name, old.external_id);
  INSERT INTO metadata_search (rowid, name, external_id) VALUES (new.id, new.name, new.external_id);
END;

-- Objects stored before this migration.
INSERT INTO metadata_search (metadata_search) VALUES ('rebuild');
