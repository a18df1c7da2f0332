package io.docchat.indexer.job;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Time;

import java.io.IOException;

/**
 * Nobody searches a version while it is being built, so periodic refreshes (and the segment merges they
 * cause, costly with HNSW graphs) only take CPU from the embedding model; they are paused for the build.
 */
final class BuildSettings {

    private BuildSettings() {
    }

    /** Pauses refreshes of {@code index}; returns its own interval, to be restored. */
    static String pauseRefresh(ElasticsearchClient client, String index) throws IOException {
        var settings = client.indices().getSettings(g -> g.index(index).flatSettings(false)).get(index).settings();
        Time own = settings == null || settings.index() == null ? null : settings.index().refreshInterval();
        String interval = own == null ? "1s" : own.time();
        client.indices().putSettings(p -> p.index(index).settings(s -> s.refreshInterval(t -> t.time("-1"))));
        return interval;
    }

    static void restoreRefresh(ElasticsearchClient client, String index, String interval) throws IOException {
        client.indices().putSettings(p -> p.index(index).settings(s -> s.refreshInterval(t -> t.time(interval))));
    }
}
