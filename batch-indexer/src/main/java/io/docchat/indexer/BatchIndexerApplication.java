package io.docchat.indexer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The batch indexer: Quartz-scheduled Spring Batch jobs that keep the chunk index in step with the sources. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BatchIndexerApplication {

    public static void main(String[] args) {
        SpringApplication.run(BatchIndexerApplication.class, args);
    }
}
