package io.docchat.chat.system;

import io.docchat.chat.access.AccessMode;
import io.docchat.elastic.EmbeddingSpecMismatchException;
import io.docchat.elastic.Permissions;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Refuses to serve when the live index was built with another embedding model: its vectors would not be
 * comparable with this server's query vectors. In private mode it also refuses an index built before
 * permissions (no {@code _meta.permissions}): its chunks carry no readers, so every caller would see every
 * chunk. An unreachable cluster is not fatal (health reports it; searches check permissions themselves).
 */
@Component
class IndexContractCheck implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IndexContractCheck.class);

    private final IndexManager indexes;
    private final Embedder embedder;
    private final AccessMode mode;

    IndexContractCheck(IndexManager indexes, Embedder embedder, AccessMode mode) {
        this.indexes = indexes;
        this.embedder = embedder;
        this.mode = mode;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            indexes.readIndex().ifPresentOrElse(
                    index -> {
                        indexes.verifySpec(index, embedder.spec());
                        checkPermissions(index);
                        log.info("serving index {} built with {}", index, embedder.spec());
                    },
                    () -> log.warn("no index behind alias {} yet: run the batch-indexer first", indexes.names().readAlias()));
        } catch (EmbeddingSpecMismatchException | MissingPermissionsException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("cannot check the index contract now ({}); health reports Elasticsearch", e.toString());
        }
    }

    private void checkPermissions(String index) {
        if (indexes.hasPermissions(index)) {
            return;
        }
        if (mode.privateMode()) {
            throw new MissingPermissionsException(index);
        }
        log.warn("index {} was built before permissions: every chunk is served as public until you {}", index,
                Permissions.REBUILD_HINT);
    }

    /** Private mode and an index whose chunks carry no permissions: the server does not start. */
    static final class MissingPermissionsException extends IllegalStateException {
        MissingPermissionsException(String index) {
            super("private mode (DOCCHAT_MODE=private) needs an index with permissions, but " + index
                    + " has no _meta." + Permissions.META_KEY + "; " + Permissions.REBUILD_HINT);
        }
    }
}
