package io.docchat.chat.search;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the processes that serve a search (this JVM, the chat server, Elasticsearch, Redis) from {@code /proc}, so a
 * run can say where each query's CPU went. Linux only; a process it cannot find reads as 0.
 */
final class CpuMeter {

    private static final double TICK_MS = 10; // USER_HZ is 100 on Linux

    private final Map<String, Long> pids = new LinkedHashMap<>();

    /** {@code server}: the chat server's process when it runs apart from this JVM, else -1. */
    CpuMeter(long server) {
        pids.put("jvm", ProcessHandle.current().pid());
        pids.put("server", server);
        pids.put("elasticsearch", find("org.elasticsearch.bootstrap.Elasticsearch"));
        pids.put("redis", find("redis-server"));
    }

    /** CPU milliseconds so far, per process name; and {@code gcPauseMs}, this JVM's stop-the-world GC time so far. */
    Map<String, Double> read() {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, cpuMs(pid)));
        out.put("gcPauseMs", gcPauseMs());
        return out;
    }

    private static double gcPauseMs() {
        return pauseMs(ManagementFactory.getGarbageCollectorMXBeans());
    }

    /** Stop-the-world time so far: G1's "Concurrent GC" and ZGC's "Cycles" beans time concurrent work, not pauses. */
    static double pauseMs(List<GarbageCollectorMXBean> collectors) {
        return collectors.stream()
                .filter(b -> !b.getName().contains("Concurrent") && !b.getName().contains("Cycles"))
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /**
     * CPU milliseconds so far of one process's threads, by thread name with digits folded ({@code C2 CompilerThread#},
     * {@code ForkJoinPool-#-worker-#}, ...): where a process's CPU went.
     */
    static Map<String, Double> byThread(long pid) {
        Map<String, Double> out = new java.util.TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static double cpuMs(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS; // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long find(String marker) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline"))).contains(marker);
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    })
                    .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }
}
