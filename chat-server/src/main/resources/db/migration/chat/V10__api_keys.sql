-- API keys for service clients (schema chat). Only a SHA-256 of the key is stored: keys are 256 random
-- bits, so a fast hash is enough (no password stretching needed) and a lookup stays one index probe.
CREATE TABLE api_keys (
    id          UUID          PRIMARY KEY,
    name        VARCHAR(200)  NOT NULL,
    key_hash    CHAR(64)      NOT NULL UNIQUE,
    key_prefix  VARCHAR(16)   NOT NULL,
    roles       VARCHAR(200)  NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    revoked_at  TIMESTAMPTZ
);
