package io.docchat.bench.embed;

import io.docchat.elastic.EmbeddingSpec;
import io.docchat.elastic.embed.Embedder;
import io.docchat.elastic.embed.ForwardingEmbedder;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An {@link Embedder} that keeps every vector it computes in an append-only file named after the model, keyed
 * by the SHA-256 of the text (queries and passages apart, since BGE prefixes queries). Embedding a BEIR corpus
 * costs minutes of both cores; with the cache a rerun of the evaluation costs seconds. Appending record by
 * record means an interrupted run keeps what it finished; a torn last record is ignored on load.
 */
public final class CachingEmbedder implements ForwardingEmbedder {

    private final Embedder delegate;
    private final Path file;
    private final int dims;
    private final Map<String, float[]> vectors = new HashMap<>();
    private final DataOutputStream out;
    private long hits;
    private long misses;

    public CachingEmbedder(Embedder delegate, Path folder) {
        this.delegate = delegate;
        EmbeddingSpec spec = delegate.spec();
        this.dims = spec.dimensions();
        this.file = folder.resolve(spec.modelId().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + dims + ".vec");
        try {
            Files.createDirectories(folder);
            load();
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the embedding cache " + file, e);
        }
    }

    @Override
    public synchronized float[] embedQuery(String query) {
        String key = key("q", query);
        float[] v = vectors.get(key);
        if (v == null) {
            misses++;
            v = delegate.embedQuery(query);
            put(key, v);
            flush();
        } else {
            hits++;
        }
        return v;
    }

    @Override
    public List<float[]> embedPassages(List<String> passages) {
        List<String> missing = new ArrayList<>();
        synchronized (this) {
            for (String p : passages) {
                if (!vectors.containsKey(key("p", p))) {
                    missing.add(p);
                }
            }
        }
        List<float[]> computed = missing.isEmpty() ? List.of() : delegate.embedPassages(missing);
        synchronized (this) {
            for (int i = 0; i < missing.size(); i++) {
                put(key("p", missing.get(i)), computed.get(i));
            }
            flush();
            misses += missing.size();
            hits += passages.size() - missing.size();
            List<float[]> result = new ArrayList<>(passages.size());
            for (String p : passages) {
                result.add(vectors.get(key("p", p)));
            }
            return result;
        }
    }

    /** How many of {@code passages} would need the model. */
    public synchronized long missing(List<String> passages) {
        return passages.stream().filter(p -> !vectors.containsKey(key("p", p))).count();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    @Override
    public Embedder delegate() {
        return delegate;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(String key, float[] v) {
        if (v.length != dims) {
            throw new IllegalStateException("vector of " + v.length + " dimensions from a " + dims + "-d model");
        }
        if (vectors.putIfAbsent(key, v) != null) {
            return;
        }
        try {
            out.write(HexFormat.of().parseHex(key.substring(2)));
            out.writeByte(key.charAt(0));
            for (float x : v) {
                out.writeFloat(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        long record = 33L + 4L * dims;
        long whole = Files.size(file) / record * record;
        if (whole != Files.size(file)) {
            // a run killed mid-write left a torn record; cut it so later appends stay aligned
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(whole);
            }
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] hash = new byte[32];
            while (true) {
                try {
                    in.readFully(hash);
                    char kind = (char) in.readByte();
                    float[] v = new float[dims];
                    for (int i = 0; i < dims; i++) {
                        v[i] = in.readFloat();
                    }
                    vectors.put(kind + ":" + HexFormat.of().formatHex(hash), v);
                } catch (EOFException torn) {
                    return;
                }
            }
        }
    }

    static String key(String kind, String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return kind + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
