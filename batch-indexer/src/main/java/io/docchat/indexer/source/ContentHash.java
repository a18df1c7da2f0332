package io.docchat.indexer.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import io.docchat.elastic.Permissions;

/** SHA-256 in lower-case hex: the content hash of documents in the manifest and of texts in the embedding cache. */
public final class ContentHash {

    private ContentHash() {
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String of(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    public static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The manifest hash of a document: the hash of its bytes when it is public (so an index built before
     * permissions is not re-written for nothing), else the hash of those bytes' hash and its sorted readers.
     */
    public static String withReaders(String bytesHash, List<String> acl) {
        if (acl.equals(List.of(Permissions.PUBLIC))) {
            return bytesHash;
        }
        return of(bytesHash + "\nreaders=" + String.join("\u0000", acl));
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
