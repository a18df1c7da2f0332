package io.docchat.chat.system;

import io.docchat.chat.ChatServerApplication;
import io.docchat.elastic.testing.DependencyOutage;
import org.junit.jupiter.api.Test;

class HealthIT {

    @Test
    void reportsEachDependencyAndGoesDownWhenItStops() throws Exception {
        DependencyOutage.assertAppReportsEachOutage(ChatServerApplication.class, "--docchat.elastic.index-prefix=it-health");
    }
}
