package io.docchat.chat.search;

import io.docchat.chat.cache.Codec;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Redis encodings: vectors as raw little-endian floats (1.5 KB for 384 d), results as JSON. */
final class Codecs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    static final Codec<SearchResult> RESULT = new Codec<>() {
        @Override
        public byte[] encode(SearchResult r) {
            return JSON.writeValueAsBytes(r);
        }

        @Override
        public SearchResult decode(byte[] bytes) {
            return JSON.readValue(bytes, SearchResult.class);
        }
    };

    private Codecs() {
    }
}
