-- One manifest per index generation: a full rebuild fills the new version's manifest while the live one
-- stays intact, and a rollback to a kept version finds that version's manifest still there.
ALTER TABLE manifest DROP CONSTRAINT manifest_pkey;
ALTER TABLE manifest ADD PRIMARY KEY (index_name, doc_id);
-- Chunks Elasticsearch refused (they are in dead_letter): validation expects chunk_count - failed_chunks.
ALTER TABLE manifest ADD COLUMN failed_chunks INTEGER NOT NULL DEFAULT 0;
DROP INDEX manifest_source_idx;
CREATE INDEX manifest_index_source_idx ON manifest (index_name, source);
