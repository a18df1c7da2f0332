package io.docchat.chat.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /actuator/prometheus}, read the way Prometheus reads it (text format). */
public record Scrape(String text) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static Scrape of(String managementUrl) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("scrape answered " + r.statusCode() + ": " + r.body());
            }
            return new Scrape(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The value of the one series of {@code name} whose labels include every {@code labels} pair (given as
     * {@code key="value"}); 0 when there is none (a counter not yet incremented).
     */
    public double value(String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            String set = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String l : labels) {
                all &= set.contains(l);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** Whether any sample of metric family {@code family} is present (its name, or its name plus a suffix). */
    public boolean hasFamily(String family) {
        return Pattern.compile("(?m)^" + Pattern.quote(family) + "(_bucket|_count|_sum|_max|_total|_created)?[{ ]")
                .matcher(text).find();
    }
}
