package io.docchat.indexer.system;

import io.docchat.indexer.BatchIndexerApplication;
import io.docchat.elastic.testing.DependencyOutage;
import org.junit.jupiter.api.Test;

class HealthIT {

    @Test
    void reportsEachDependencyAndGoesDownWhenItStops() throws Exception {
        DependencyOutage.assertAppReportsEachOutage(BatchIndexerApplication.class, "--docchat.elastic.index-prefix=it-health");
    }
}
