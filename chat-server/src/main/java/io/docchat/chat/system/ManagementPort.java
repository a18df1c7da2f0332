package io.docchat.chat.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Matches requests that arrived on the management port ({@code management.server.port}, 9080 by default).
 * The actuator lives only there, and that port is reached from inside the network only (Prometheus,
 * probes): nginx and the Ingress route the app port alone. So its endpoints need no credentials, and
 * Prometheus needs no secret to scrape. The port is read from the management server once it has started
 * (it may be 0, a random port, in tests).
 */
@Component
public class ManagementPort implements RequestMatcher, ApplicationListener<WebServerInitializedEvent> {

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return port > 0 && request.getLocalPort() == port;
    }
}
