package io.docchat.chat.chat;

import io.docchat.chat.search.SearchResult;

/** A numbered source as the client sees it; {@code n} is what answers cite as {@code [n]}. */
record SourceRef(int n, String chunkId, String title, String headingPath, String link, String snippet) {

    static SourceRef of(int n, SearchResult.Hit hit) {
        return new SourceRef(n, hit.chunkId(), hit.title(), hit.headingPath(), hit.link(), hit.snippet());
    }
}
