package io.docchat.bench.cost;

import io.docchat.chat.llm.ModelSpec;
import io.docchat.chat.llm.PriceTable;
import io.docchat.elastic.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM cost replay's short form ({@code ops/bench/run llm-cost --short --semantic 0}): 200 Zipfian chats over
 * the committed tiny collection through the packaged chat-server (real Elasticsearch, PostgreSQL, Redis and model;
 * the LLM faked over HTTP). It asserts that the measured shares are consistent with each other and with what the
 * fake LLM and the ledger saw, not the targets (those depend on the collection and the traffic):
 * every repeat of an answered question comes from the exact answer cache, each answered question costs one LLM
 * call, "can't answer" is a property of the question, the tiers are the models the fake was asked for, and the
 * ledger's cost is the fake's usage priced by the app's table.
 */
class LlmCostReplayIT {

    @TempDir
    Path out;

    @Test
    void shortReplayMeasuresConsistentShares() throws Exception {
        Path repo = LlmCostReplay.root();
        String[] argv = {"--root", out.toString(), "--short", "--data", repo.resolve(ReplayOptions.TINY).toString(),
                "--semantic", "0", "--es", TestServices.elasticsearch().toString(),
                "--jdbc", TestServices.jdbcUrl(), "--jdbc-user", TestServices.jdbcUser(), "--jdbc-password", TestServices.jdbcPassword(),
                "--redis", TestServices.redisHost() + ":" + TestServices.redisPort(),
                "--prefix", TestServices.uniquePrefix("bench-llmcost"), "--out", out.resolve("results").toString(),
                "--server-jar", ChatServerProcess.packagedJar(repo).toString()};
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        LlmCostReplay.Result result = LlmCostReplay.run(argv, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.figures()).hasSize(1);
        String label = result.figures().keySet().iterator().next();
        CostFigures f = result.figures().get(label);
        List<ChatReplay.Outcome> chats = result.outcomes().get(label);
        List<FakeLlm.Call> calls = result.calls().get(label);
        assertThat(chats).hasSize(200);
        assertThat(f.llm() + f.avoided()).isEqualTo(200);

        // the exact cache: every repeat of an LLM-answered question is a cache hit, so each costs one call only
        assertThat(f.repeatsOfAnswered()).as("the Zipfian draw repeats answered questions").isGreaterThan(0);
        assertThat(f.repeatsOfAnsweredFromCache()).isEqualTo(f.repeatsOfAnswered());
        assertThat(f.semanticCache()).as("no semantic hits with the semantic cache off").isZero();
        Set<String> askedTheLlm = new HashSet<>();
        chats.stream().filter(o -> o.mode().equals("llm")).forEach(o ->
                assertThat(askedTheLlm.add(ChatReplay.normalise(o.question()))).as("asked the LLM twice: " + o.question()).isTrue());
        assertThat(f.llm()).isPositive().isEqualTo(calls.size());

        // "can't answer" depends on the question and the index only: never answered one time and refused another
        Map<String, Set<Boolean>> refused = chats.stream().collect(Collectors.groupingBy(o -> ChatReplay.normalise(o.question()),
                Collectors.mapping(o -> o.mode().equals("unanswerable"), Collectors.toSet())));
        refused.forEach((q, kinds) -> assertThat(kinds).as(q).hasSize(1));

        // tiers: the models in the done events are the models the fake was asked for, and every one is in the table
        Map<String, Long> answeredBy = chats.stream().filter(o -> o.mode().equals("llm"))
                .collect(Collectors.groupingBy(ChatReplay.Outcome::model, Collectors.counting()));
        assertThat(answeredBy).isEqualTo(calls.stream().collect(Collectors.groupingBy(FakeLlm.Call::model, Collectors.counting())));
        assertThat(f.tiers().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(f.llm());
        Map<String, ModelSpec> table = PriceTable.shipped().all().stream().collect(Collectors.toMap(ModelSpec::name, Function.identity()));
        assertThat(table).containsKeys(answeredBy.keySet().toArray(String[]::new));

        // cost: the ledger booked exactly the fake's usage at the table's prices; avoided chats cost nothing
        assertThat(f.routed()).isPositive().isEqualByComparingTo(f.fakeBilled());
        chats.stream().filter(o -> !o.mode().equals("llm")).forEach(o -> assertThat(o.costUsd()).isEqualByComparingTo(BigDecimal.ZERO));
        assertThat(f.routed()).isLessThanOrEqualTo(f.largestSameCalls());
        assertThat(f.largestSameCalls()).isLessThan(f.largestEveryQuestion());
        assertThat(chats.stream().filter(o -> o.mode().equals("llm")).map(ChatReplay.Outcome::routingReason))
                .as("the router's reason is stored with each answer").allMatch(r -> r.contains(" -> "));

        String report = Files.readString(out.resolve("results/llm-cost-beir-tiny.md"));
        assertThat(report).contains("**LLM calls avoided**", "**routed / largest, every question**", "| 1.0 |");
        assertThat(Files.readAllLines(out.resolve("results/llm-cost-beir-tiny-per-chat.tsv"))).hasSize(201);
    }
}
