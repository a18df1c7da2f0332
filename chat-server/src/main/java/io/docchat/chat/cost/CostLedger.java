package io.docchat.chat.cost;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tokens and cost per call, model, user and UTC day, in {@code chat.cost_ledger}; also counted as metrics.
 * Routing reads today's spend on every answer: the global total (a sum over all of today's rows, which
 * grows through the day) is kept in memory, re-read at most every {@link #GLOBAL_REFRESH} and raised by
 * this instance's own records in between, so other instances' spend shows within that interval.
 * A user's total is one indexed query.
 */
@Component
public class CostLedger {

    static final Duration GLOBAL_REFRESH = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicReference<GlobalSpend> global = new AtomicReference<>();

    @Autowired
    CostLedger(JdbcClient jdbc, MeterRegistry registry) {
        this(jdbc, registry, Clock.systemUTC());
    }

    CostLedger(JdbcClient jdbc, MeterRegistry registry, Clock clock) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.clock = clock;
    }

    public void record(LedgerEntry e) {
        BigDecimal cost = e.cost();
        jdbc.sql("""
                        INSERT INTO chat.cost_ledger (day, user_id, model, purpose, tokens_input, tokens_output, estimated, cost_usd, message_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(today(), e.userId(), e.model().name(), e.purpose(), e.usage().inputTokens(),
                        e.usage().outputTokens(), e.usage().estimated(), cost, e.messageId())
                .update();
        global.updateAndGet(g -> g == null ? null : g.plus(cost));
        Counter.builder("docchat.llm.cost.usd").tag("model", e.model().name()).tag("purpose", e.purpose())
                .description("LLM spend in US dollars").register(registry).increment(cost.doubleValue());
    }

    /** Spend today of everyone (from memory, see the class comment) and of one user (one indexed query). */
    public Spend spendToday(String userId) {
        return new Spend(globalToday(), spentToday(userId));
    }

    private BigDecimal globalToday() {
        LocalDate day = today();
        long now = System.nanoTime();
        GlobalSpend g = global.get();
        if (g != null && g.day().equals(day) && now - g.readAt() < GLOBAL_REFRESH.toNanos()) {
            return g.total();
        }
        // Concurrent refreshes may race; each result is a fresh read, so whichever wins is correct.
        GlobalSpend fresh = new GlobalSpend(day, spentToday(), now);
        global.set(fresh);
        return fresh.total();
    }

    /** Today's spend: all users together, and the one user asked about. */
    public record Spend(BigDecimal global, BigDecimal user) {

        /** Also counting what this turn has spent since the snapshot was taken (the condense call). */
        public Spend plus(BigDecimal cost) {
            return new Spend(global.add(cost), user.add(cost));
        }
    }

    private record GlobalSpend(LocalDate day, BigDecimal total, long readAt) {

        GlobalSpend plus(BigDecimal cost) {
            return new GlobalSpend(day, total.add(cost), readAt);
        }
    }

    /** Spend today, all users. */
    public BigDecimal spentToday() {
        return jdbc.sql("SELECT coalesce(sum(cost_usd), 0) FROM chat.cost_ledger WHERE day = ?")
                .param(today()).query(BigDecimal.class).single();
    }

    public BigDecimal spentToday(String userId) {
        return jdbc.sql("SELECT coalesce(sum(cost_usd), 0) FROM chat.cost_ledger WHERE day = ? AND user_id = ?")
                .params(today(), userId).query(BigDecimal.class).single();
    }

    /** The seed's get_daily_cost: per day and model, newest first. */
    public List<DailyCost> dailyByModel(LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        SELECT day, model, count(*) AS calls, sum(tokens_input) AS tokens_input,
                               sum(tokens_output) AS tokens_output, sum(cost_usd) AS cost_usd, bool_or(estimated) AS estimated
                        FROM chat.cost_ledger WHERE day BETWEEN ? AND ?
                        GROUP BY day, model ORDER BY day DESC, cost_usd DESC""")
                .params(from, to)
                .query((rs, i) -> new DailyCost(rs.getObject("day", LocalDate.class), rs.getString("model"),
                        rs.getLong("calls"), rs.getLong("tokens_input"), rs.getLong("tokens_output"),
                        rs.getBigDecimal("cost_usd"), rs.getBoolean("estimated")))
                .list();
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** One row of the daily cost report; {@code estimated} when some usage was counted locally. */
    public record DailyCost(LocalDate day, String model, long calls, long tokensInput, long tokensOutput,
                            BigDecimal costUsd, boolean estimated) {
    }
}
