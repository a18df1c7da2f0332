package io.docchat.chat.system;

import io.docchat.elastic.EmbeddingSpecMismatchException;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Refuses to serve when the live index was built with another embedding model: its vectors would not be
 * comparable with this server's query vectors. An unreachable cluster is not fatal (health reports it).
 */
@Component
class IndexContractCheck implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IndexContractCheck.class);

    private final IndexManager indexes;
    private final Embedder embedder;

    IndexContractCheck(IndexManager indexes, Embedder embedder) {
        this.indexes = indexes;
        this.embedder = embedder;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            indexes.readIndex().ifPresentOrElse(
                    index -> {
                        indexes.verifySpec(index, embedder.spec());
                        log.info("serving index {} built with {}", index, embedder.spec());
                    },
                    () -> log.warn("no index behind alias {} yet: run the batch-indexer first", indexes.names().readAlias()));
        } catch (EmbeddingSpecMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("cannot check the index contract now ({}); health reports Elasticsearch", e.toString());
        }
    }
}
