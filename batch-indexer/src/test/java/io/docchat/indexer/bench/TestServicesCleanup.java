package io.docchat.indexer.bench;

import io.docchat.elastic.testing.TestServices;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Removes what a benchmark left in the shared test database. */
final class TestServicesCleanup {

    private TestServicesCleanup() {
    }

    static void embeddingCache(String modelId) {
        new JdbcTemplate(new DriverManagerDataSource(TestServices.jdbcUrl(), TestServices.jdbcUser(), TestServices.jdbcPassword()))
                .update("DELETE FROM indexer.embedding_cache WHERE model_id = ?", modelId);
    }
}
