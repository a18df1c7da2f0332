package io.docchat.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Twice the capacity, then back to half of it (ops/load/run overload). {@code -Dedge.capacity} is the rate the
 * load gate passed at (searches per second, half of them fresh misses by default).
 * Phases: 20 s at half capacity ("before"), {@code -Dedge.seconds} (60) at twice capacity ("overload"), then
 * 120 s at half capacity, whose first 60 s are "recovery" and the rest "after recovery".
 *
 * <p>What must hold, per issue 21: a request is either served (200) or shed with 429 or 503 and a
 * {@code Retry-After} header, never anything else (checked on every request); a shed request is counted as KO
 * with the message naming its status, so Gatling's OK figures are the accepted requests, whose p99 the harness
 * reads from the report and holds to twice the SLO (600 ms); and "after recovery" (from 60 s after the overload
 * ended) is within the SLO again with nothing shed: recovery took at most 60 s.
 */
public class OverloadSimulation extends Simulation {

    private final double capacity = Double.parseDouble(System.getProperty("edge.capacity", "20"));
    private final int seconds = Integer.getInteger("edge.seconds", 60);
    private final long start = System.currentTimeMillis();
    private final List<String> pool = Edge.questions();

    private String phase() {
        long t = (System.currentTimeMillis() - start) / 1000;
        if (t < 20) return "before";
        if (t < 20 + seconds) return "overload";
        if (t < 20 + seconds + 60) return "recovery";
        return "after recovery";
    }

    private ScenarioBuilder searches(String kind, boolean repeat) {
        return scenario("search " + kind)
                .feed(repeat ? Edge.zipf(pool, 200, 1.0, "q") : Edge.fresh(pool, "q"))
                .exec(group(s -> phase()).on(exec(http("search (" + kind + ")").get("/api/v1/search")
                        .queryParam("q", s -> s.getString("q"))
                        .check(status().in(200, 429, 503))
                        .checkIf((r, s) -> r.status().code() != 200).then(header("Retry-After").exists())
                        .check(status().is(200)))));
    }

    private io.gatling.javaapi.core.PopulationBuilder inject(ScenarioBuilder sc, double share) {
        double low = capacity / 2 * share, high = capacity * 2 * share;
        return sc.injectOpen(constantUsersPerSec(low).during(20), constantUsersPerSec(high).during(seconds),
                constantUsersPerSec(low).during(120));
    }

    {
        // half the searches are fresh by default (-Dedge.freshShare): misses are what saturates a replica
        // (embedding + Elasticsearch), repeats are answered from the caches
        double fresh = Double.parseDouble(System.getProperty("edge.freshShare", "0.5"));
        setUp(inject(searches("repeat", true), 1 - fresh), inject(searches("fresh", false), fresh))
                .protocols(Edge.protocol())
                .assertions(
                        details("after recovery").failedRequests().count().is(0L),
                        details("after recovery").responseTime().percentile(99.0).lte(Integer.getInteger("edge.slo.search", 300)));
    }
}
