package io.docchat.chat.search;

import io.docchat.elastic.testing.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;

import java.util.ArrayList;
import java.util.List;

/** Direct access to the real Redis, to look at and remove what a test's prefix wrote. */
public final class RedisKeys implements AutoCloseable {

    private final RedisClient client = RedisClient.create(RedisURI.create(TestServices.redisHost(), TestServices.redisPort()));
    private final StatefulRedisConnection<String, String> connection = client.connect();

    public List<String> keys(String prefix) {
        List<String> out = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page = connection.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            out.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return out;
    }

    public void deleteAll(String prefix) {
        List<String> keys = keys(prefix);
        if (!keys.isEmpty()) {
            connection.sync().del(keys.toArray(String[]::new));
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
