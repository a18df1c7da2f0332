-- What the chat pipeline records beyond the seed schema: how each answer was made (mode, removed
-- citations), routing and cost per query, and which message each ledger row paid for.
ALTER TABLE messages ADD COLUMN mode VARCHAR(16);
ALTER TABLE messages ADD COLUMN citations_removed INTEGER NOT NULL DEFAULT 0;

ALTER TABLE query_analytics ADD COLUMN conversation_id UUID;
ALTER TABLE query_analytics ADD COLUMN standalone_query TEXT;
ALTER TABLE query_analytics ADD COLUMN model VARCHAR(128);
ALTER TABLE query_analytics ADD COLUMN cost_usd NUMERIC(14, 8);
ALTER TABLE query_analytics ADD COLUMN routing_reason TEXT;
CREATE INDEX idx_query_analytics_message ON query_analytics (message_id);

ALTER TABLE cost_ledger ADD COLUMN message_id UUID;
