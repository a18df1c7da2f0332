package io.docchat.indexer.job;

import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One run per index family across all indexer instances: a PostgreSQL session advisory lock, held on a
 * dedicated connection for the whole run. If the holder dies (kill -9), its connection drops and PostgreSQL
 * releases the lock, so holding it also proves that STARTED executions left in the repository are orphans.
 */
@Component
class RunLock {

    private final DataSource dataSource;

    RunLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<Held> tryAcquire(String indexFamily) {
        long key = ("docchat-indexer:" + indexFamily).hashCode();
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the run lock: no database connection", e);
        }
        try {
            if (query(connection, "SELECT pg_try_advisory_lock(?)", key)) {
                return Optional.of(new Held(connection, key));
            }
        } catch (SQLException e) {
            close(connection);
            throw new IllegalStateException("cannot take the run lock", e);
        }
        close(connection);
        return Optional.empty();
    }

    private static boolean query(Connection c, String sql, long key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the pool discards a broken connection; nothing more to do
        }
    }

    /** The held lock; closing it unlocks before the pooled connection goes back to the pool. */
    static final class Held implements AutoCloseable {
        private final Connection connection;
        private final long key;

        private Held(Connection connection, long key) {
            this.connection = connection;
            this.key = key;
        }

        @Override
        public void close() {
            try {
                query(connection, "SELECT pg_advisory_unlock(?)", key);
            } catch (SQLException ignored) {
                // a dead connection has released the lock already
            } finally {
                RunLock.close(connection);
            }
        }
    }
}
