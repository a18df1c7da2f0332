package io.docchat.indexer.admin;

import io.docchat.elastic.EmbeddingSpec;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kept index versions as the admin API shows them, for deciding on and checking a rollback. */
@Component
class IndexVersions {

    /** One concrete version: whether it is live, the model it was built with, its gate figures ({@code _meta.gate}). */
    record Version(String index, boolean live, String model, int dimensions, String createdAt, String gate) {
    }

    private final IndexManager indexes;
    private final Embedder embedder;

    IndexVersions(IndexManager indexes, Embedder embedder) {
        this.indexes = indexes;
        this.embedder = embedder;
    }

    List<Version> list() {
        Optional<String> live = indexes.readIndex();
        List<Version> out = new ArrayList<>();
        for (String index : indexes.versions().reversed()) {
            Map<String, String> meta = indexes.meta(index);
            out.add(new Version(index, live.map(index::equals).orElse(false), meta.get("model_id"),
                    meta.containsKey("dimensions") ? Integer.parseInt(meta.get("dimensions")) : 0,
                    meta.get("created_at"), meta.get("gate")));
        }
        return out;
    }

    /** The answer to a rollback: the version now live and, when it was built with another model, what that means. */
    Map<String, String> rolledBack(String index) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("live", index);
        EmbeddingSpec spec = indexes.specOf(index);
        out.put("model", spec.toString());
        if (!spec.equals(embedder.spec())) {
            out.put("warning", index + " was built with " + spec + ", this indexer embeds with " + embedder.spec()
                    + ": its next run rebuilds with " + embedder.spec().modelId() + " unless docchat.embedding.* is set back"
                    + " (on the indexer and on every chat server)");
        }
        return out;
    }
}
