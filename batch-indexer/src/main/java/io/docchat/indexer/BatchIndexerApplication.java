package io.docchat.indexer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Arrays;
import java.util.Map;

/** The batch indexer: Quartz-scheduled Spring Batch jobs that keep the chunk index in step with the sources. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BatchIndexerApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(BatchIndexerApplication.class);
        if (isRunOnce(args)) {
            // One-shot: no web server and no scheduler; the process exits with the run's status.
            app.setWebApplicationType(WebApplicationType.NONE);
            app.setDefaultProperties(Map.of("spring.quartz.auto-startup", "false"));
            ConfigurableApplicationContext context = app.run(args);
            System.exit(SpringApplication.exit(context));
        }
        app.run(args);
    }

    static boolean isRunOnce(String[] args) {
        String env = System.getenv("DOCCHAT_INDEXER_RUN_ONCE");
        return (env != null && !env.isBlank())
                || Arrays.stream(args).anyMatch(a -> a.startsWith("--docchat.indexer.run-once=") && a.length() > "--docchat.indexer.run-once=".length());
    }
}
