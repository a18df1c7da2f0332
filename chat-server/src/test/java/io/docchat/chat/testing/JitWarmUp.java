package io.docchat.chat.testing;

import java.util.Locale;

/**
 * A benchmark's warm-up: batches of work until the JIT compiled for under 5 % of two batches in a row, at most
 * 30 batches. A large application on 2 cores reaches C2 method by method for minutes; a fixed warm-up measured
 * part of that.
 */
public final class JitWarmUp {

    private static final int MAX_BATCHES = 30;

    /** Milliseconds the JIT has compiled so far (of this JVM or another one). */
    public interface CompilationClock {
        long compiledMs() throws Exception;
    }

    /** One batch of warm-up work; {@code batch} counts from 1. */
    public interface Batch {
        void run(int batch) throws Exception;
    }

    /** How the warm-up ended: the batches it ran and the JIT's share of the last one's time. */
    public record Result(int batches, double lastJitShare) {
    }

    private JitWarmUp() {
    }

    /** Runs the batches, printing the JIT's share of each; {@code whose} names the JIT in that line. */
    public static Result run(String whose, CompilationClock jit, Batch work) throws Exception {
        int settled = 0;
        int batch = 0;
        double share = 0;
        while (batch < MAX_BATCHES && settled < 2) {
            batch++;
            long compiledMs = jit.compiledMs();
            long start = System.nanoTime();
            work.run(batch);
            share = (jit.compiledMs() - compiledMs) / ((System.nanoTime() - start) / 1e6);
            System.out.printf(Locale.ROOT, "warm-up batch %d: %s compiled for %.1f%% of the time%n", batch, whose, 100 * share);
            settled = share < 0.05 ? settled + 1 : 0;
        }
        return new Result(batch, share);
    }
}
