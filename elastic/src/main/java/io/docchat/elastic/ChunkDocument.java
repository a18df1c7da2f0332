package io.docchat.elastic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * The {@code _source} of one chunk in the chunk index; the id is {@code {docId}#{chunkNo}}.
 * The embedding is indexed but excluded from {@code _source} (about 40% of the index on disk).
 * {@code acl} holds who may read the chunk: its source's groups, or {@link Permissions#PUBLIC} (see {@link Permissions}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkDocument(
        @JsonProperty("doc_id") String docId,
        @JsonProperty("chunk_no") int chunkNo,
        @JsonProperty("source") String source,
        @JsonProperty("location") String location,
        @JsonProperty("url") String url,
        @JsonProperty("anchor") String anchor,
        @JsonProperty("page") Integer page,
        @JsonProperty("line") Integer line,
        @JsonProperty("title") String title,
        @JsonProperty("heading_path") String headingPath,
        @JsonProperty("text") String text,
        @JsonProperty("content_hash") String contentHash,
        @JsonProperty("product") String product,
        @JsonProperty("version") String version,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("acl") List<String> acl,
        @JsonProperty("token_count") Integer tokenCount,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("indexed_at") Instant indexedAt,
        @JsonProperty("embedding") float[] embedding) {

    @JsonCreator
    public ChunkDocument {
        if (docId == null || docId.isBlank()) {
            throw new IllegalArgumentException("docId must not be blank");
        }
        if (chunkNo < 0) {
            throw new IllegalArgumentException("chunkNo must be >= 0");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        acl = Permissions.acl(acl);
    }

    /** A public chunk (its {@code acl} is {@link Permissions#PUBLIC}): for callers that predate permissions. */
    public ChunkDocument(String docId, int chunkNo, String source, String location, String url, String anchor,
                         Integer page, Integer line, String title, String headingPath, String text, String contentHash,
                         String product, String version, List<String> tags, Integer tokenCount, Instant updatedAt,
                         Instant indexedAt, float[] embedding) {
        this(docId, chunkNo, source, location, url, anchor, page, line, title, headingPath, text, contentHash, product,
                version, tags, null, tokenCount, updatedAt, indexedAt, embedding);
    }

    /**
     * Title, heading path and text through {@link EnglishStems}, for the {@code stems} field (BM25 with
     * stemming on any cluster). Written, never read: the field is left out of {@code _source}.
     */
    @JsonProperty(value = "stems", access = JsonProperty.Access.READ_ONLY)
    public String stems() {
        return EnglishStems.of(title, headingPath, text);
    }

    public String id() {
        return chunkId(docId, chunkNo);
    }

    public static String chunkId(String docId, int chunkNo) {
        return docId + "#" + chunkNo;
    }

    public ChunkDocument withEmbedding(float[] vector) {
        return new ChunkDocument(docId, chunkNo, source, location, url, anchor, page, line, title, headingPath,
                text, contentHash, product, version, tags, acl, tokenCount, updatedAt, indexedAt, vector);
    }
}
