package io.docchat.chat.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetRequest;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.MsearchRequest;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import io.docchat.elastic.ElasticProperties;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.embed.ForwardingEmbedder;
import io.docchat.elastic.testing.TestServices;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real embedder (one per test JVM) and the real Elasticsearch client, counted, so tests can assert
 * how many embeddings, {@code _msearch} calls and chunk loads a request caused.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CountingBeans {

    public static final AtomicInteger EMBEDDINGS = new AtomicInteger();
    public static final AtomicInteger MSEARCHES = new AtomicInteger();
    /** Chunk ids asked for by {@code _mget} (the page loads). */
    public static final AtomicInteger MGET_IDS = new AtomicInteger();

    @Bean(destroyMethod = "")
    @Primary
    Embedder countingEmbedder() {
        Embedder real = TestServices.embedder();
        return new ForwardingEmbedder() {
            @Override
            public Embedder delegate() {
                return real;
            }

            @Override
            public float[] embedQuery(String query) {
                EMBEDDINGS.incrementAndGet();
                return real.embedQuery(query);
            }
        };
    }

    @Bean(destroyMethod = "close")
    @Primary
    ElasticsearchClient countingElasticsearchClient(ElasticProperties props) {
        ElasticsearchClient real = ElasticClientFactory.create(props);
        return new ElasticsearchClient(real._transport()) {
            @Override
            public <T> MsearchResponse<T> msearch(MsearchRequest request, Class<T> type) throws IOException {
                MSEARCHES.incrementAndGet();
                return super.msearch(request, type);
            }

            @Override
            public <T> MsearchResponse<T> msearch(MsearchRequest request, Type type) throws IOException {
                MSEARCHES.incrementAndGet();
                return super.msearch(request, type);
            }

            @Override
            public <T> MgetResponse<T> mget(MgetRequest request, Class<T> type) throws IOException {
                MGET_IDS.addAndGet(request.ids().size());
                return super.mget(request, type);
            }

            @Override
            public <T> MgetResponse<T> mget(MgetRequest request, Type type) throws IOException {
                MGET_IDS.addAndGet(request.ids().size());
                return super.mget(request, type);
            }
        };
    }
}
