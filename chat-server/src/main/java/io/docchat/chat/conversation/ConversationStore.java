package io.docchat.chat.conversation;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversations and messages in PostgreSQL. Every read and delete is scoped to the owner, so another
 * user's id behaves exactly like an id that does not exist.
 */
@Component
public class ConversationStore {

    private static final int TITLE_MAX = 120;

    private static final RowMapper<Conversation> CONVERSATION = (rs, i) -> new Conversation(
            rs.getObject("id", UUID.class), rs.getString("user_id"), rs.getString("title"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));

    private static final RowMapper<StoredMessage> MESSAGE = (rs, i) -> new StoredMessage(
            rs.getObject("id", UUID.class), rs.getString("role"), rs.getString("content"), rs.getString("status"),
            rs.getString("mode"), (Integer) rs.getObject("tokens_input"), (Integer) rs.getObject("tokens_output"),
            (Integer) rs.getObject("response_time_ms"), rs.getString("model"), rs.getBigDecimal("cost_usd"),
            rs.getString("citations"), rs.getInt("citations_removed"), rs.getObject("created_at", OffsetDateTime.class));

    private final JdbcClient jdbc;

    ConversationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new conversation holding its first question, in one round trip (this is on the path to the first token). */
    public Conversation create(String userId, String firstQuestion, NewMessage question) {
        UUID id = UUID.randomUUID();
        String title = firstQuestion.strip().replaceAll("\\s+", " ");
        if (title.length() > TITLE_MAX) {
            title = title.substring(0, TITLE_MAX - 1) + "…";
        }
        OffsetDateTime now = jdbc.sql("""
                        WITH c AS (INSERT INTO chat.conversations (id, user_id, title) VALUES (?, ?, ?) RETURNING created_at)
                        INSERT INTO chat.messages (id, conversation_id, role, content, status, created_at)
                        SELECT ?, ?, ?, ?, ?, clock_timestamp() FROM c RETURNING created_at""")
                .params(id, userId, title, question.id(), id, question.role(), question.content(), question.status())
                .query(OffsetDateTime.class).single();
        return new Conversation(id, userId, title, now, now);
    }

    public Optional<Conversation> find(UUID id, String userId) {
        return jdbc.sql("SELECT * FROM chat.conversations WHERE id = ? AND user_id = ?").params(id, userId)
                .query(CONVERSATION).optional();
    }

    public List<Conversation> list(String userId, int limit) {
        return jdbc.sql("SELECT * FROM chat.conversations WHERE user_id = ? ORDER BY updated_at DESC LIMIT ?")
                .params(userId, limit).query(CONVERSATION).list();
    }

    public boolean delete(UUID id, String userId) {
        return jdbc.sql("DELETE FROM chat.conversations WHERE id = ? AND user_id = ?").params(id, userId).update() == 1;
    }

    /** Messages oldest first; callers check ownership with {@link #find} first. */
    public List<StoredMessage> messages(UUID conversationId) {
        return jdbc.sql("SELECT * FROM chat.messages WHERE conversation_id = ? ORDER BY created_at, id")
                .param(conversationId).query(MESSAGE).list();
    }

    /** Adds a message and touches the conversation, in one statement (one round trip, atomic). */
    public void append(UUID conversationId, NewMessage m) {
        jdbc.sql("""
                        WITH m AS (
                            INSERT INTO chat.messages (id, conversation_id, role, content, status, mode, tokens_input, tokens_output,
                                                      response_time_ms, model, cost_usd, citations, citations_removed, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, clock_timestamp())
                            RETURNING conversation_id)
                        UPDATE chat.conversations SET updated_at = now() WHERE id = (SELECT conversation_id FROM m)""")
                .params(m.id(), conversationId, m.role(), m.content(), m.status(), m.mode(), m.tokensInput(),
                        m.tokensOutput(), m.responseTimeMs(), m.model(), m.costUsd(), m.citationsJson(),
                        m.citationsRemoved())
                .update();
    }

    /** The owner of a message's conversation, for feedback checks. */
    public Optional<String> messageOwner(UUID messageId) {
        return jdbc.sql("SELECT c.user_id FROM chat.messages m JOIN chat.conversations c ON c.id = m.conversation_id WHERE m.id = ?")
                .param(messageId).query(String.class).optional();
    }
}
