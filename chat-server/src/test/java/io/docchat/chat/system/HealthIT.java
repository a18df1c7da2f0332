package io.docchat.chat.system;

import io.docchat.chat.ChatServerApplication;
import io.docchat.elastic.testing.DependencyOutage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Map;

class HealthIT {

    @Test
    void reportsEachDependencyAndGoesDownWhenItStops() throws Exception {
        try (DependencyOutage outage = new DependencyOutage()) {
            Map<String, String> props = new HashMap<>(outage.properties());
            props.put("server.port", "0");
            props.put("docchat.elastic.index-prefix", "it-health");
            // As arguments, so they win over application.yml (builder properties are only defaults).
            String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ChatServerApplication.class)
                    .run(args)) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                outage.assertEachOutageIsReported(port);
            }
        }
    }
}
