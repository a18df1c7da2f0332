package io.docchat.chat.cache;

/** How a cached value is stored in Redis. */
public interface Codec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);
}
