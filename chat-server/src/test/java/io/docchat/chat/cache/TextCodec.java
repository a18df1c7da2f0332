package io.docchat.chat.cache;

import java.nio.charset.StandardCharsets;

/** Strings as UTF-8: the cache tests' values, readable in Redis. */
final class TextCodec implements Codec<String> {

    static final Codec<String> TEXT = new TextCodec();

    @Override
    public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
