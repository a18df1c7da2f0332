package io.docchat.chat.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.access.ReadableChunks;
import io.docchat.chat.access.Viewer;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A conversation's messages as the caller may see them now. An answer's citations (chunk id, title, link,
 * snippet) were stored when it was written, under the caller's rights of that day; when the caller has since
 * lost access to a cited chunk (their groups shrank, or its source's groups changed), that citation is
 * dropped and the answer's text, which was written from it, is replaced by {@link #WITHHELD}. A cited chunk
 * that no longer exists is dropped from the citations (it would be a dead link) but leaves the text alone: its
 * readers cannot be known any more. Used for {@code GET /api/v1/conversations/{id}} and for the history a
 * follow-up question is condensed and prompted with.
 */
@Component
public class ReadableHistory {

    /** What replaces an answer that cited a passage the caller may no longer read. */
    public static final String WITHHELD = "This answer is hidden: it cited documentation you can no longer read.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> CITATIONS = new TypeReference<>() {
    };

    private final ReadableChunks chunks;

    public ReadableHistory(ReadableChunks chunks) {
        this.chunks = chunks;
    }

    public List<StoredMessage> filter(List<StoredMessage> messages, Viewer viewer) {
        Set<String> cited = new LinkedHashSet<>();
        List<List<Map<String, Object>>> parsed = new ArrayList<>(messages.size());
        for (StoredMessage m : messages) {
            List<Map<String, Object>> refs = citations(m);
            parsed.add(refs);
            refs.forEach(r -> cited.add(chunkId(r)));
        }
        cited.remove(null);
        if (cited.isEmpty()) {
            return messages;
        }
        Map<String, ReadableChunks.Access> access = chunks.check(cited, viewer);
        List<StoredMessage> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            StoredMessage m = messages.get(i);
            List<Map<String, Object>> refs = parsed.get(i);
            if (refs.isEmpty()) {
                out.add(m);
                continue;
            }
            List<Map<String, Object>> kept = new ArrayList<>(refs.size());
            boolean forbidden = false;
            for (Map<String, Object> r : refs) {
                ReadableChunks.Access a = access.getOrDefault(chunkId(r), ReadableChunks.Access.FORBIDDEN);
                if (a == ReadableChunks.Access.READABLE) {
                    kept.add(r);
                } else if (a == ReadableChunks.Access.FORBIDDEN) {
                    forbidden = true;
                }
            }
            if (kept.size() == refs.size()) {
                out.add(m);
            } else {
                out.add(new StoredMessage(m.id(), m.role(), forbidden ? WITHHELD : m.content(), m.status(), m.mode(),
                        m.tokensInput(), m.tokensOutput(), m.responseTimeMs(), m.model(), m.costUsd(),
                        forbidden ? "[]" : json(kept), m.citationsRemoved(), m.createdAt()));
            }
        }
        return out;
    }

    /** A message's stored citations; a null or unreadable column is none (a user message has none). */
    private static List<Map<String, Object>> citations(StoredMessage m) {
        if (m.citations() == null || m.citations().isBlank()) {
            return List.of();
        }
        try {
            List<Map<String, Object>> refs = JSON.readValue(m.citations(), CITATIONS);
            return refs == null ? List.of() : refs;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored citations of message " + m.id() + " are not JSON", e);
        }
    }

    private static String chunkId(Map<String, Object> ref) {
        Object id = ref.get("chunkId");
        return id == null ? null : id.toString();
    }

    private static String json(List<Map<String, Object>> refs) {
        try {
            return JSON.writeValueAsString(refs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
