package io.docchat.chat.search;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/** Closed-loop load for the search benchmark: n operations over a fixed number of client threads. */
final class BenchRun {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BenchRun() {
    }

    /**
     * Figures of one run; {@code cpu} (CPU ms per operation: server JVM, load generator, Elasticsearch, Redis)
     * is empty when not measured; a derived figure (a limit) has only {@code qps}.
     */
    record Run(double qps, double meanMs, double p50, double p99, double clientCpuMs, double[] cpu, double seconds) {

        Run(double qps, double meanMs, double p50, double p99, double clientCpuMs, double[] cpu) {
            this(qps, meanMs, p50, p99, clientCpuMs, cpu, 0);
        }

        static Run derived(double qps) {
            return new Run(qps, 0, 0, 0, 0, new double[0]);
        }

        Run withCpu(double server, double elasticsearch, double redis) {
            return new Run(qps, meanMs, p50, p99, clientCpuMs, new double[]{server, clientCpuMs, elasticsearch, redis}, seconds);
        }

        /** Adds the server JVM's GC pause time per second of the run as a fifth figure. */
        Run withGcPauses(double msPerSecond) {
            double[] more = Arrays.copyOf(cpu, 5);
            more[4] = msPerSecond;
            return new Run(qps, meanMs, p50, p99, clientCpuMs, more, seconds);
        }

        /** CPU-ms per operation summed over the processes measured (not the GC pause figure). */
        double work() {
            double sum = 0;
            for (int i = 0; i < Math.min(4, cpu.length); i++) {
                sum += cpu[i];
            }
            return sum;
        }

        String row(String what, int clients) {
            if (p50 == 0) {
                return String.format("| %s | %d | **%.0f** | | | | | | | | |", what, clients, qps);
            }
            StringBuilder s = new StringBuilder(String.format("| %s | %d | %.0f | %.1f | %.1f | %.1f |", what, clients, qps, meanMs, p50, p99));
            for (int i = 0; i < 5; i++) {
                s.append(i < cpu.length ? String.format(i == 4 ? " %.1f |" : " %.2f |", cpu[i]) : " |");
            }
            return s.toString();
        }

        @Override
        public String toString() {
            return row("run", 0) + " " + Arrays.toString(cpu);
        }
    }

    /** n GET requests over {@code clients} keep-alive connections; any status but 200 fails the run. */
    static Run http(int port, int clients, int n, IntFunction<String> pathAndQuery) throws Exception {
        ThreadLocal<LoadClient> connections = new ThreadLocal<>();
        List<LoadClient> all = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            return run(clients, n, i -> {
                LoadClient c = connections.get();
                if (c == null) {
                    c = new LoadClient(port);
                    connections.set(c);
                    all.add(c);
                }
                try {
                    LoadClient.Response r = c.get(pathAndQuery.apply(i));
                    if (r.status() != 200) {
                        throw new IllegalStateException(r.status() + " " + new String(r.body(), StandardCharsets.UTF_8));
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            all.forEach(LoadClient::close);
        }
    }

    /** n operations spread over {@code clients} threads, each taking the next index; latency per operation. */
    static Run run(int clients, int n, IntConsumer op) throws Exception {
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        DoubleAdder clientCpuNanos = new DoubleAdder();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        op.accept(i);
                        latencies[i] = System.nanoTime() - t;
                    }
                    clientCpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpu);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double mean = Arrays.stream(latencies).average().orElse(0) / 1e6;
        Arrays.sort(latencies);
        return new Run(n / seconds, mean, latencies[n / 2] / 1e6, latencies[(int) Math.ceil(n * 0.99) - 1] / 1e6,
                clientCpuNanos.sum() / 1e6 / n, new double[0], seconds);
    }

    /** Median of each figure over the rounds. */
    static Run median(List<Run> runs) {
        int cpus = runs.stream().mapToInt(r -> r.cpu().length).min().orElse(0);
        double[] cpu = new double[cpus];
        for (int i = 0; i < cpus; i++) {
            int k = i;
            cpu[i] = mid(runs.stream().mapToDouble(r -> r.cpu()[k]).toArray());
        }
        return new Run(mid(runs.stream().mapToDouble(Run::qps).toArray()), mid(runs.stream().mapToDouble(Run::meanMs).toArray()),
                mid(runs.stream().mapToDouble(Run::p50).toArray()), mid(runs.stream().mapToDouble(Run::p99).toArray()),
                mid(runs.stream().mapToDouble(Run::clientCpuMs).toArray()), cpu);
    }

    static double medianOf(List<Double> values) {
        return mid(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double mid(double[] values) {
        Arrays.sort(values);
        return values[values.length / 2];
    }
}
