package io.docchat.chat.search;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchAdmissionTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void neverRunsMoreThanTheLimitAtOnce() throws Exception {
        SearchAdmission admission = new SearchAdmission(new SearchAdmissionProperties(2, Duration.ofSeconds(10), 0), registry);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                all.add(pool.submit(() -> admission.run(() -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleep(5);
                    running.decrementAndGet();
                    return n;
                })));
            }
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).get()).isEqualTo(i);
            }
        }
        assertThat(peak.get()).isEqualTo(2);
        assertThat(registry.get("docchat.search.admission.wait").timer().count()).isEqualTo(20);
        assertThat(registry.get("docchat.search.admission.in.flight").gauge().value()).isZero();
    }

    @Test
    void shedsWhatCannotStartInTimeAndReleasesOnFailure() throws Exception {
        SearchAdmission admission = new SearchAdmission(new SearchAdmissionProperties(1, Duration.ofMillis(50), 0), registry);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = pool.submit(() -> admission.run(() -> {
                holding.countDown();
                await(release);
                return "first";
            }));
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> admission.run(() -> "second"))
                    .isInstanceOf(SearchOverloadedException.class).hasMessageContaining("50 ms");
            assertThat(registry.get("docchat.search.admission.shed").counter().count()).isEqualTo(1);
            release.countDown();
            assertThat(first.get()).isEqualTo("first");
        }
        // a failing search gives its place back
        assertThatThrownBy(() -> admission.run(() -> {
            throw new SearchUnavailableException("down", null);
        })).isInstanceOf(SearchUnavailableException.class);
        assertThat(admission.run(() -> "after")).isEqualTo("after");
    }

    @Test
    void defaultsToFourPerCore() {
        SearchAdmission admission = new SearchAdmission(new SearchAdmissionProperties(0, Duration.ofSeconds(1), 0), registry);
        assertThat(admission.maxConcurrent()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
    }

    @Test
    void overloadIsA503ProblemWithRetryAfter() {
        var response = new SearchApiErrors().overloaded(new SearchOverloadedException("too many searches at once"));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().getType().toString()).endsWith("/search-overloaded");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
