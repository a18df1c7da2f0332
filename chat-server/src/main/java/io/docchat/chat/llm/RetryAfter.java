package io.docchat.chat.llm;

import com.openai.core.http.Headers;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Reads how long the provider asks us to wait: {@code retry-after-ms}, or {@code Retry-After} in seconds or as a date. */
final class RetryAfter {

    private RetryAfter() {
    }

    static Duration parse(Headers headers) {
        String ms = first(headers.values("retry-after-ms"));
        if (ms != null) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(ms));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String value = first(headers.values("retry-after"));
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.getFirst().trim();
    }
}
