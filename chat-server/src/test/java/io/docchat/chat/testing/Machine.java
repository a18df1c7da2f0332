package io.docchat.chat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the benchmarks say about the box they ran on. */
public final class Machine {

    private Machine() {
    }

    /**
     * The CPU ("Intel(R) Xeon(R) Processor (family 6, model 207)"; a hypervisor may hide the marketing name): the
     * boxes these runs land on differ by up to 5x for the model, so a report says which one it was.
     */
    public static String cpu() {
        try {
            Map<String, String> cpu = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (line.isBlank()) {
                    break;
                } else if (colon > 0) {
                    cpu.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            return cpu.getOrDefault("model name", "an unknown CPU")
                    + " (family " + cpu.get("cpu family") + ", model " + cpu.get("model") + ")";
        } catch (IOException e) {
            return "an unknown CPU";
        }
    }
}
