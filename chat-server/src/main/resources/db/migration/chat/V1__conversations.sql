-- Conversations, messages, analytics and the cost ledger (schema chat).
CREATE TABLE conversations (
    id              UUID          PRIMARY KEY,
    user_id         VARCHAR(255)  NOT NULL,
    title           VARCHAR(500),
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX idx_conversations_user_updated ON conversations (user_id, updated_at DESC);

CREATE TABLE messages (
    id               UUID          PRIMARY KEY,
    conversation_id  UUID          NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role             VARCHAR(16)   NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content          TEXT          NOT NULL,
    status           VARCHAR(16)   NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'incomplete', 'error')),
    tokens_input     INTEGER,
    tokens_output    INTEGER,
    response_time_ms INTEGER,
    model            VARCHAR(128),
    cost_usd         NUMERIC(14, 8),
    citations        JSONB,
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX idx_messages_conversation_created ON messages (conversation_id, created_at);

CREATE TABLE query_analytics (
    id               BIGSERIAL     PRIMARY KEY,
    message_id       UUID          REFERENCES messages (id) ON DELETE SET NULL,
    query            TEXT          NOT NULL,
    user_id          VARCHAR(255),
    response_time_ms INTEGER,
    tokens_used      INTEGER,
    satisfaction     SMALLINT      CHECK (satisfaction IN (-1, 1)),
    feedback_reason  TEXT,
    retrieval_mode   VARCHAR(32),
    cache_hit        BOOLEAN       NOT NULL DEFAULT false,
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX idx_query_analytics_created ON query_analytics (created_at);
CREATE INDEX idx_query_analytics_user ON query_analytics (user_id, created_at);

CREATE TABLE cost_ledger (
    id               BIGSERIAL     PRIMARY KEY,
    day              DATE          NOT NULL DEFAULT current_date,
    user_id          VARCHAR(255),
    model            VARCHAR(128)  NOT NULL,
    purpose          VARCHAR(32)   NOT NULL,
    tokens_input     INTEGER       NOT NULL,
    tokens_output    INTEGER       NOT NULL,
    estimated        BOOLEAN       NOT NULL DEFAULT false,
    cost_usd         NUMERIC(14, 8) NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX idx_cost_ledger_day_model ON cost_ledger (day, model);
CREATE INDEX idx_cost_ledger_day_user ON cost_ledger (day, user_id);
