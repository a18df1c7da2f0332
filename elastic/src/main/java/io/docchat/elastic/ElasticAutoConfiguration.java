package io.docchat.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.embed.EmbeddingProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the shared Elasticsearch client, index manager and embedder into both apps. */
@AutoConfiguration
@EnableConfigurationProperties({ElasticProperties.class, EmbeddingProperties.class})
public class ElasticAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ElasticsearchClient elasticsearchClient(ElasticProperties props) {
        return ElasticClientFactory.create(props);
    }

    @Bean
    @ConditionalOnMissingBean
    IndexManager indexManager(ElasticsearchClient client, ElasticProperties props) {
        return new IndexManager(client, props);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Embedder embedder(EmbeddingProperties props) {
        return props.create();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {

        @Bean
        ElasticsearchHealthIndicator elasticsearchHealthIndicator(IndexManager indexManager) {
            return new ElasticsearchHealthIndicator(indexManager);
        }
    }
}
