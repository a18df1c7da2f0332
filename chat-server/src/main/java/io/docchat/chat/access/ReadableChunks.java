package io.docchat.chat.access;

import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import io.docchat.chat.search.SearchUnavailableException;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.Permissions;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a caller may read given chunks now, by the chunks' current {@code acl} in the live index (one
 * {@code _mget} of that field only). Used where chunk ids were stored earlier, such as the citations of past
 * answers: the caller's groups, or a source's, may have changed since.
 */
@Component
public class ReadableChunks {

    /** What a stored chunk id is now, for one viewer. */
    public enum Access { READABLE, FORBIDDEN, MISSING }

    private final IndexManager indexes;
    private final AccessMode mode;

    public ReadableChunks(IndexManager indexes, AccessMode mode) {
        this.indexes = indexes;
        this.mode = mode;
    }

    /** Only the permission field of a chunk. */
    record Readers(List<String> acl) {
    }

    /**
     * Each id's access for {@code viewer}. A chunk without an {@code acl} (an index built before permissions) is
     * public in public mode and forbidden in private mode.
     *
     * @throws SearchUnavailableException when Elasticsearch does not answer: access cannot be shown without it
     */
    public Map<String, Access> check(Collection<String> chunkIds, Viewer viewer) {
        Map<String, Access> out = new HashMap<>();
        if (chunkIds.isEmpty()) {
            return out;
        }
        List<String> ids = chunkIds.stream().distinct().toList();
        MgetResponse<Readers> response;
        try {
            response = indexes.client().mget(m -> m.index(indexes.names().readAlias()).ids(ids)
                    .sourceIncludes(Permissions.FIELD), Readers.class);
        } catch (IOException | RuntimeException e) {
            throw new SearchUnavailableException("cannot check access to cited passages now: " + e.getMessage(), e);
        }
        for (MultiGetResponseItem<Readers> item : response.docs()) {
            if (item.isFailure()) {
                throw new SearchUnavailableException("cannot check access to " + item.failure().id() + ": "
                        + item.failure().error().reason(), null);
            }
            var got = item.result();
            Access access;
            if (!got.found()) {
                access = Access.MISSING;
            } else if (got.source() == null || got.source().acl() == null) {
                access = mode.privateMode() ? Access.FORBIDDEN : Access.READABLE;
            } else {
                access = viewer.canRead(got.source().acl()) ? Access.READABLE : Access.FORBIDDEN;
            }
            out.put(got.id(), access);
        }
        ids.forEach(id -> out.putIfAbsent(id, Access.MISSING));
        return out;
    }
}
