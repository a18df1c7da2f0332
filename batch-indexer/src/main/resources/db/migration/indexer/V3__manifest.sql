-- The manifest: what is indexed, so a run touches only new, changed and removed documents.
CREATE TABLE manifest (
    doc_id          VARCHAR(512)  NOT NULL PRIMARY KEY,
    source          VARCHAR(128)  NOT NULL,
    location        TEXT          NOT NULL,
    content_hash    CHAR(64)      NOT NULL,
    chunk_count     INTEGER       NOT NULL,
    index_name      VARCHAR(255)  NOT NULL,
    indexed_at      TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX manifest_source_idx ON manifest (source);

-- Bulk items that Elasticsearch refused permanently: kept, counted, never dropped silently.
CREATE TABLE dead_letter (
    id              BIGSERIAL     PRIMARY KEY,
    job_execution_id BIGINT,
    chunk_id        VARCHAR(600)  NOT NULL,
    doc_id          VARCHAR(512)  NOT NULL,
    index_name      VARCHAR(255)  NOT NULL,
    error_type      VARCHAR(255),
    reason          TEXT          NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX dead_letter_job_idx ON dead_letter (job_execution_id);

-- Files the parser could not use, with the reason; counted per run.
CREATE TABLE skipped_document (
    id              BIGSERIAL     PRIMARY KEY,
    job_execution_id BIGINT,
    source          VARCHAR(128)  NOT NULL,
    location        TEXT          NOT NULL,
    reason          TEXT          NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX skipped_document_job_idx ON skipped_document (job_execution_id);

-- Embeddings by model and text hash, so unchanged chunks are never embedded twice (also across rebuilds).
CREATE TABLE embedding_cache (
    model_id        VARCHAR(255)  NOT NULL,
    text_hash       CHAR(64)      NOT NULL,
    vector          BYTEA         NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, text_hash)
);
