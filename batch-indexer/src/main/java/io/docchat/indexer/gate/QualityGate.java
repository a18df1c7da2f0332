package io.docchat.indexer.gate;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.elastic.ElasticClientFactory;
import io.docchat.elastic.EnglishStems;
import io.docchat.elastic.IndexManager;
import io.docchat.elastic.embed.Embedder;
import io.docchat.indexer.IndexerProperties;
import io.docchat.indexer.gate.search.ProductSearch;
import io.docchat.indexer.gate.search.SearchProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a full rebuild may go live: each source's canaries ({@link Canaries}) are searched on the
 * candidate and on the live index through the product's search path ({@link ProductSearch}), and every source
 * must find its targets in the top k at least as often on the candidate as on the live index. One query vector
 * per canary serves both indexes.
 *
 * <p>When the live index was built with another embedding model (a model change), its vectors are not comparable
 * with this process's query vectors, so it is not searched: the baseline is the hit rate recorded in its
 * {@code _meta.gate} when it was published ({@link #record}). A live index without a record (built before the gate)
 * cannot be compared, and the gate fails, saying so. The first build has no live index: it publishes, and its own
 * figures, measured on canaries derived from itself, are recorded as the next gate's baseline.
 */
@Component
public class QualityGate {

    static final String META_KEY = "gate";

    private final IndexManager indexes;
    private final ElasticsearchClient client;
    private final Embedder embedder;
    private final ProductSearch search;
    private final Canaries canaries;
    private final GateProperties props;
    private final ObjectMapper json = ElasticClientFactory.objectMapper();
    private final MeterRegistry meters;

    QualityGate(IndexManager indexes, Embedder embedder, SearchProperties search, IndexerProperties indexer,
                GateProperties props, Environment env, MeterRegistry meters) {
        this.meters = meters;
        this.indexes = indexes;
        this.client = indexes.client();
        this.embedder = embedder;
        this.search = new ProductSearch(indexes.client(), search);
        this.canaries = new Canaries(indexes.client(), indexer, env, props.canariesPerSource());
        this.props = props;
    }

    public GateProperties properties() {
        return props;
    }

    /** Searches the canaries on {@code candidate} and, when there is one, on {@code live}; never publishes. */
    public GateReport check(Optional<String> live, String candidate) {
        long start = System.nanoTime();
        List<Canary> set = canaries.of(live.orElse(candidate));
        Set<String> present = present(candidate, set);
        boolean measureLive = live.isPresent() && indexes.specOf(live.get()).equals(embedder.spec());
        Map<String, Double> recorded = live.isPresent() && !measureLive ? recordedRates(live.get()) : Map.of();
        boolean candidateStems = stemmed(candidate);
        boolean liveStems = measureLive && stemmed(live.get());

        Map<String, SourceVerdict.Tally> tallies = new LinkedHashMap<>();
        List<GateReport.FailingCanary> failing = new ArrayList<>();
        for (Canary c : set) {
            SourceVerdict.Tally t = tallies.computeIfAbsent(c.source(), s -> new SourceVerdict.Tally());
            t.canaries++;
            boolean gone = !present.contains(c.target());
            float[] vector = embedder.embedQuery(c.query());
            int liveRank = measureLive ? rank(live.get(), c, vector, liveStems) : 0;
            if (gone) {
                t.gone++;
                failing.add(new GateReport.FailingCanary(c.source(), c.query(), c.target(), liveRank, 0, true));
                continue;
            }
            t.considered++;
            int candidateRank = rank(candidate, c, vector, candidateStems);
            t.liveHits += liveRank > 0 ? 1 : 0;
            t.candidateHits += candidateRank > 0 ? 1 : 0;
            if (candidateRank == 0) {
                failing.add(new GateReport.FailingCanary(c.source(), c.query(), c.target(), liveRank, 0, false));
            }
        }

        Map<String, GateReport.SourceFigures> sources = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        tallies.forEach((source, t) -> {
            SourceVerdict v = SourceVerdict.of(source, t, live.isPresent(), measureLive, recorded.get(source),
                    props.maxDrop(), props.maxGone());
            sources.put(source, v.figures());
            if (v.reason() != null) {
                reasons.add(v.reason());
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        String baseline = live.isEmpty() ? "none" : measureLive ? "measured" : "recorded";
        String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
        String outcome = live.isEmpty() ? "first" : reason == null ? "passed" : "failed";
        return new GateReport(outcome, live.orElse(null), candidate, baseline, props.k(), search.fusionSettings(), sources,
                limit(failing), reason, round(seconds), set.isEmpty() ? 0 : round(seconds * 1000 / set.size()));
    }

    /** Records the candidate's hit rates in its {@code _meta.gate}: the baseline when the next model changes. */
    public void record(String index, GateReport report) {
        Map<String, Object> rates = new LinkedHashMap<>();
        report.sources().forEach((source, f) -> rates.put(source, f.candidateRate()));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("k", report.k());
        value.put("rates", rates);
        value.put("model", embedder.spec().modelId());
        indexes.putMeta(index, Map.of(META_KEY, value));
    }

    /**
     * Counts a decision ({@code docchat.indexer.gate{outcome}}) and its time ({@code docchat.indexer.gate.duration}).
     */
    public void count(GateReport report) {
        Counter.builder("docchat.indexer.gate").description("quality gate decisions on full rebuilds")
                .tag("outcome", report.outcome()).register(meters).increment();
        Timer.builder("docchat.indexer.gate.duration").register(meters)
                .record(java.time.Duration.ofMillis(Math.round(report.seconds() * 1000)));
    }

    /** The report as JSON, for the run's execution context (the admin API shows it as the run's {@code gate}). */
    public String toJson(GateReport report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the gate report", e);
        }
    }

    private int rank(String index, Canary c, float[] vector, boolean stems) {
        List<String> docs = search.topDocuments(index, c.query(), vector, stems, props.k());
        return docs.indexOf(c.target()) + 1;
    }

    private boolean stemmed(String index) {
        return EnglishStems.CONTRACT.equals(indexes.meta(index).get("stemming"));
    }

    /** The target documents that {@code index} holds. */
    private Set<String> present(String index, List<Canary> set) {
        List<FieldValue> targets = set.stream().map(Canary::target).distinct().map(FieldValue::of).toList();
        if (targets.isEmpty()) {
            return Set.of();
        }
        try {
            var response = client.search(s -> s.index(index).size(0)
                    .query(q -> q.terms(t -> t.field("doc_id").terms(v -> v.value(targets))))
                    .aggregations("docs", a -> a.terms(t -> t.field("doc_id").size(targets.size()))), Void.class);
            Set<String> out = new HashSet<>();
            response.aggregations().get("docs").sterms().buckets().array().forEach(b -> out.add(b.key().stringValue()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up the canaries' documents in " + index, e);
        }
    }

    private Map<String, Double> recordedRates(String index) {
        String value = indexes.meta(index).get(META_KEY);
        if (value == null) {
            return Map.of();
        }
        try {
            Map<String, Double> out = new LinkedHashMap<>();
            json.readTree(value).path("rates").properties().forEach(e -> out.put(e.getKey(), e.getValue().asDouble()));
            return out;
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static List<GateReport.FailingCanary> limit(List<GateReport.FailingCanary> failing) {
        Map<String, Integer> perSource = new LinkedHashMap<>();
        return failing.stream().filter(f -> perSource.merge(f.source(), 1, Integer::sum) <= 20).toList();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
