package io.docchat.elastic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ops/prometheus/exported-metrics.txt, the metric families the alerts and dashboards use, held against a real
 * scrape: which families listed for an app (or for both apps) a scrape lacks. Families marked {@code on-use}
 * appear only after their event and are not required.
 */
public final class ExportedMetrics {

    private ExportedMetrics() {
    }

    public static List<String> missing(String scrape, String job) {
        List<String> missing = new ArrayList<>();
        for (String[] entry : entries()) {
            boolean mine = entry[1].equals(job) || entry[1].equals("both");
            boolean onUse = entry.length > 2 && entry[2].equals("on-use");
            if (mine && !onUse && !Pattern.compile("(?m)^" + Pattern.quote(entry[0]) + "(_bucket|_count|_sum|_max)?[{ ]")
                    .matcher(scrape).find()) {
                missing.add(entry[0]);
            }
        }
        return missing;
    }

    private static List<String[]> entries() {
        try {
            List<String[]> out = new ArrayList<>();
            for (String line : Files.readAllLines(TestServices.root().resolve("ops/prometheus/exported-metrics.txt"))) {
                String content = line.replaceFirst("#.*", "").trim();
                if (!content.isEmpty()) {
                    out.add(content.split("\\s+"));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
