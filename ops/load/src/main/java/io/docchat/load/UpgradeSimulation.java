package io.docchat.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Continuous traffic through nginx while ops/dev/edge rolls the replicas (ops/load/run upgrade). Each virtual
 * user is one anonymous browser (its own signed identity cookie): it starts a conversation, then until the
 * harness creates the stop file it searches, continues its own conversation (a follow-up is refused unless the
 * replica that serves it recognises the cookie and finds the conversation) and reads it back. At the end every
 * user reads its conversation once more, after every replica has been replaced.
 *
 * <p>The gate: at most {@code -Dedge.maxFailed} failed requests (0 by default) of any kind (every chat stream must
 * end with its {@code done} event), and every user read its conversation back after the roll.
 */
public class UpgradeSimulation extends Simulation {

    private final Path stop = Path.of(System.getProperty("edge.stopFile", "/tmp/docchat-edge-upgrade.stop"));
    private final int users = Integer.getInteger("edge.users", 8);
    private final List<String> pool = Edge.questions();

    private final ScenarioBuilder browser = scenario("browser during a rolling upgrade")
            // the page's first call, as in the browser: it gets the signed anonymous identity cookie
            .exec(http("session").get("/api/v1/session").check(status().is(200), jsonPath("$.anonymous").is("true")))
            .feed(Edge.fresh(pool, "question"))
            .exec(Edge.chat("chat", false, Duration.ofSeconds(60)))
            .asLongAs(s -> !Files.exists(stop)).on(
                    exec(Edge.search("search", "question").feed(Edge.zipf(pool, 200, 1.0, "question")))
                            .pause(Duration.ofMillis(150), Duration.ofMillis(400))
                            .exec(Edge.search("search", "question"))
                            .feed(Edge.fresh(pool, "question"))
                            .exec(Edge.chat("follow-up", true, Duration.ofSeconds(60)))
                            .exec(http("conversation").get(s -> "/api/v1/conversations/" + s.getString("conversationId"))
                                    .check(status().is(200), jsonPath("$.messages[*]").count().gte(2)))
                            .pause(Duration.ofMillis(100), Duration.ofMillis(300)))
            .exec(http("conversation after the roll").get(s -> "/api/v1/conversations/" + s.getString("conversationId"))
                    .check(status().is(200), jsonPath("$.messages[*]").count().gte(4)));

    {
        setUp(browser.injectOpen(rampUsers(users).during(Duration.ofSeconds(5))))
                .protocols(Edge.protocol())
                // a safety net only: a run cut here fails the gate below (the final reads never happen)
                .maxDuration(Duration.ofMinutes(Integer.getInteger("edge.maxMinutes", 40)))
                .assertions(global().failedRequests().count().lte(Long.getLong("edge.maxFailed", 0L)),
                        details("conversation after the roll").successfulRequests().count().is((long) users));
    }
}
