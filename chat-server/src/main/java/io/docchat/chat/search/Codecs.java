package io.docchat.chat.search;

import io.docchat.chat.cache.Codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Redis encodings: vectors as raw little-endian floats (1.5 KB for 384 d), results in a compact binary form. */
final class Codecs {

    static final Codec<float[]> VECTOR = new Codec<>() {
        @Override
        public byte[] encode(float[] v) {
            ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            return b.array();
        }

        @Override
        public float[] decode(byte[] bytes) {
            if (bytes.length % Float.BYTES != 0) {
                throw new IllegalArgumentException("not a float vector: " + bytes.length + " bytes");
            }
            float[] v = new float[bytes.length / Float.BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            return v;
        }
    };

    /**
     * Results in a compact binary form: {@link #RESULT_FORMAT}, then length-prefixed UTF-8 strings, varints and
     * the score's IEEE bits. Decoding is most of a Redis cache hit's CPU; as JSON, Jackson read the passages'
     * non-ASCII text character by character (a quarter of a hit in a profile), where this decodes each
     * string with one {@code new String(bytes, UTF_8)}. Anything else (an older format, JSON) fails to decode,
     * which the cache treats as a miss; {@link CacheKeys#ranking} also carries the format, so replicas of two
     * versions do not overwrite each other's entries.
     */
    static final Codec<SearchResult> RESULT = new Codec<>() {
        @Override
        public byte[] encode(SearchResult r) {
            Out out = new Out(256 + r.hits().size() * 2048);
            out.bytes.write(RESULT_FORMAT);
            out.string(r.indexGeneration());
            out.varint(r.tookMs());
            out.bytes.write(r.cached() ? 1 : 0);
            out.varint(r.hits().size());
            for (SearchResult.Hit h : r.hits()) {
                out.string(h.chunkId());
                out.string(h.docId());
                out.string(h.source());
                out.string(h.title());
                out.string(h.headingPath());
                out.string(h.link());
                out.string(h.snippet());
                out.string(h.text());
                out.fixed64(Double.doubleToRawLongBits(h.score()));
                out.varint(h.retrievers().size());
                for (String retriever : h.retrievers()) {
                    out.string(retriever);
                }
            }
            return out.bytes.toByteArray();
        }

        @Override
        public SearchResult decode(byte[] bytes) {
            In in = new In(bytes);
            if (bytes.length == 0 || in.next() != RESULT_FORMAT) {
                throw new IllegalArgumentException("not a search result of format " + RESULT_FORMAT);
            }
            String generation = in.string();
            long tookMs = in.varint();
            boolean cached = in.next() != 0;
            int count = in.count("hits");
            List<SearchResult.Hit> hits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String chunkId = in.string();
                String docId = in.string();
                String source = in.string();
                String title = in.string();
                String headingPath = in.string();
                String link = in.string();
                String snippet = in.string();
                String text = in.string();
                double score = Double.longBitsToDouble(in.fixed64());
                int retrieverCount = in.count("retrievers");
                Set<String> retrievers = new TreeSet<>();
                for (int r = 0; r < retrieverCount; r++) {
                    retrievers.add(in.string());
                }
                hits.add(new SearchResult.Hit(chunkId, docId, source, title, headingPath, link, snippet, text, score, retrievers));
            }
            if (in.at != bytes.length) {
                throw new IllegalArgumentException((bytes.length - in.at) + " bytes after a search result");
            }
            return new SearchResult(hits, generation, tookMs, cached);
        }
    };

    /** The first byte of an encoded result; never {@code '{'}, the first byte of the JSON form before it. */
    static final byte RESULT_FORMAT = 2;

    /** Strings are a varint of (UTF-8 length + 1), 0 for null, then the bytes. */
    private static final class Out {
        final ByteArrayOutputStream bytes;

        Out(int size) {
            bytes = new ByteArrayOutputStream(size);
        }

        void string(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length + 1L);
            bytes.writeBytes(utf8);
        }

        void varint(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative: " + v);
            }
            while (v >= 0x80) {
                bytes.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes.write((int) v);
        }

        void fixed64(long v) {
            for (int shift = 0; shift < 64; shift += 8) {
                bytes.write((int) (v >>> shift));
            }
        }
    }

    private static final class In {
        final byte[] bytes;
        int at;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        String string() {
            long length = varint();
            if (length == 0) {
                return null;
            }
            if (length < 0 || length - 1 > bytes.length - at) {
                throw new IllegalArgumentException("a string of " + (length - 1) + " bytes runs past the end");
            }
            int n = (int) (length - 1);
            String s = new String(bytes, at, n, StandardCharsets.UTF_8);
            at += n;
            return s;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = next();
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint longer than 64 bits");
        }

        long fixed64() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 8) {
                v |= (next() & 0xFFL) << shift;
            }
            return v;
        }

        /** A count of items that each take at least a byte: a damaged one must not size a list. */
        int count(String what) {
            long n = varint();
            if (n < 0 || n > bytes.length - at) {
                throw new IllegalArgumentException(n + " " + what + " in a search result of " + bytes.length + " bytes");
            }
            return (int) n;
        }

        byte next() {
            if (at >= bytes.length) {
                throw new IllegalArgumentException("a search result cut short at byte " + at);
            }
            return bytes[at++];
        }
    }

    private Codecs() {
    }
}
