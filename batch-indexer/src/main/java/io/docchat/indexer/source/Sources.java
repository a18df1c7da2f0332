package io.docchat.indexer.source;

import io.docchat.indexer.IndexerProperties;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** The configured sources, by name. */
@Component
public class Sources {

    private final List<DocumentSource> all;

    public Sources(IndexerProperties props) {
        this.all = props.sources().stream()
                .<DocumentSource>map(s -> s.sitemap() != null ? new SitemapSource(s)
                        : s.git() != null ? new GitSource(s, props.maxFileBytes().toBytes()) : new FolderSource(s))
                .toList();
    }

    public List<DocumentSource> all() {
        return all;
    }

    public Optional<DocumentSource> byName(String name) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The named source, or every source when {@code name} is empty. */
    public List<DocumentSource> select(String name) {
        if (name == null || name.isEmpty()) {
            return all;
        }
        return List.of(byName(name).orElseThrow(() -> new IllegalArgumentException("no source named " + name)));
    }
}
