package io.docchat.bench.cost;

import io.docchat.chat.llm.ModelCatalog;
import io.docchat.chat.llm.ModelSpec;
import io.docchat.chat.llm.Tier;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The replay's report: Markdown for people, a TSV with one row per chat for checking any figure. */
final class CostReport {

    private CostReport() {
    }

    static String markdown(ReplayOptions opts, LlmCostReplay.Result r, Zipf zipf, ModelCatalog prices, QuestionNeighbours.Summary pairs) {
        Collection<CostFigures> all = r.figures().values();
        StringBuilder md = new StringBuilder();
        md.append("# LLM cost under a Zipfian replay: ").append(r.data().name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Generated %s by `ops/bench/run llm-cost --data %s%s --questions %d --zipf %.2f --seed %d --semantic %s`.%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), opts.data().getFileName(), opts.docs() > 0 ? " --docs " + opts.docs() : "", opts.questions(), opts.zipf(), opts.seed(),
                String.join(",", opts.semanticThresholds().stream().map(String::valueOf).toList())));
        long distinctAsked = r.draws().stream().distinct().count();
        md.append(String.format(Locale.ROOT, "%d distinct evaluation questions (%d documents indexed through the product pipeline); %d chats drawn "
                        + "with Zipf s = %.2f: %d distinct asked, so %.1f %% of chats repeat an earlier question (expected %.1f %%). "
                        + "One chat at a time through the packaged chat-server; LLM faked over HTTP (4 characters per token, "
                        + "answers of about %d words quoting sources [1] and [2]); budgets out of reach.%n%n",
                zipf.size(), r.data().corpus().size(), r.draws().size(), zipf.exponent(), distinctAsked,
                100.0 * (r.draws().size() - distinctAsked) / r.draws().size(), 100 * zipf.expectedRepeatShare(r.draws().size()),
                2 * FakeLlm.WORDS_PER_SOURCE));
        md.append("Price table (the app's shipped `docchat.llm.models`): ");
        md.append(String.join("; ", prices.all().stream().map(m -> String.format(Locale.ROOT, "%s %s $%s / $%s per M in/out",
                m.tier(), m.name(), m.inputPricePerMillion(), m.outputPricePerMillion())).toList())).append(".\n\n");
        md.append("| figure |");
        all.forEach(f -> md.append(' ').append(f.label()).append(" |"));
        md.append("\n|---|").append("---|".repeat(all.size())).append('\n');
        row(md, all, "chats", f -> String.valueOf(f.chats()));
        row(md, all, "answered by an LLM call", f -> count(f, f.llm()));
        row(md, all, "exact answer cache", f -> count(f, f.exactCache()));
        row(md, all, "semantic answer cache", f -> count(f, f.semanticCache()));
        row(md, all, "\"can't answer\" (no passage covers the question)", f -> count(f, f.unanswerable()));
        row(md, all, "extractive (no LLM call)", f -> count(f, f.extractive()));
        row(md, all, "**LLM calls avoided** (target ≥ 40 %)", f -> "**" + pct(f.avoidedShare()) + "**");
        row(md, all, "repeats of an LLM-answered question served from the cache", f -> f.repeatsOfAnsweredFromCache() + " of " + f.repeatsOfAnswered());
        for (Tier t : Tier.values()) {
            row(md, all, "LLM calls routed to " + t + " (" + prices.forTier(t).name() + ")",
                    f -> f.tiers().getOrDefault(t, 0) + " (" + pct(f.tierShare(t)) + ")");
        }
        row(md, all, "mean tokens per LLM call, prompt / answer", f -> String.format(Locale.ROOT, "%.0f / %.0f", f.meanInputTokens(), f.meanOutputTokens()));
        row(md, all, "cost per 1,000 questions, as routed (the ledger)", f -> usd(f.per1000(f.routed())));
        row(md, all, "check: the fake's calls priced by the table", f -> usd(f.per1000(f.fakeBilled())));
        row(md, all, "always the largest model, the same LLM calls", f -> usd(f.per1000(f.largestSameCalls())));
        row(md, all, "always the largest model, every question (no cache, no gate)", f -> usd(f.per1000(f.largestEveryQuestion())));
        row(md, all, "**routed / largest, every question** (target ≤ 30 %)", f -> "**" + pct(CostFigures.ratio(f.routed(), f.largestEveryQuestion())) + "**");
        row(md, all, "routed / largest, same calls (routing alone)", f -> pct(CostFigures.ratio(f.routed(), f.largestSameCalls())));
        md.append('\n');
        int half = r.draws().size() - r.draws().size() / 2;
        for (var e : r.serverCpuMsSecondHalf().entrySet()) {
            List<ChatReplay.Outcome> second = r.outcomes().get(e.getKey()).subList(r.draws().size() / 2, r.draws().size());
            md.append(String.format(Locale.ROOT, "Server JVM CPU, %s, second half of the replay (%d chats, %d by the LLM): %.2f CPU-ms per chat; "
                            + "median chat %.1f ms, LLM chats %.1f ms (fake LLM answers at once).%n%n", e.getKey(), half,
                    second.stream().filter(o -> o.mode().equals("llm")).count(), e.getValue() < 0 ? Double.NaN : (double) e.getValue() / half,
                    median(second.stream().mapToLong(ChatReplay.Outcome::micros).toArray()) / 1000.0,
                    median(second.stream().filter(o -> o.mode().equals("llm")).mapToLong(ChatReplay.Outcome::micros).toArray()) / 1000.0));
        }
        md.append("## Why each tier (the router's recorded reasons, figures replaced by #)\n\n");
        for (CostFigures f : all) {
            md.append("**").append(f.label()).append("**\n\n| tier: features | LLM calls |\n|---|---|\n");
            f.reasons().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n"));
            md.append('\n');
        }
        md.append("## Repeat share by Zipf exponent and volume (expected, over these ").append(zipf.size()).append(" questions)\n\n");
        md.append("The share of chats that repeat an earlier question: the ceiling of the exact answer cache. The volumes are this run and "
                + "the questions per 6-hour answer-cache TTL at 1K, 10K, 100K and 1M chats a day.\n\n| s |");
        List<Long> volumes = List.of((long) r.draws().size(), 250L, 2_500L, 25_000L, 250_000L);
        volumes.forEach(v -> md.append(' ').append(v).append(" |"));
        md.append("\n|---|").append("---|".repeat(volumes.size())).append('\n');
        for (double s : List.of(0.8, 1.0, 1.2)) {
            Zipf z = new Zipf(zipf.size(), s);
            md.append(String.format(Locale.ROOT, "| %.1f |", s));
            volumes.forEach(v -> md.append(' ').append(pct(z.expectedRepeatShare(v))).append(" |"));
            md.append('\n');
        }
        md.append("\n## The closest pairs of distinct questions (the semantic cache's similarity)\n\n");
        md.append("Pairs at or above: ");
        md.append(String.join(", ", pairs.pairsAtOrAbove().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%.2f: %d", e.getKey(), e.getValue())).toList()));
        md.append(String.format(Locale.ROOT, " (of %d distinct questions).%n%n| cosine | question | question |%n|---|---|---|%n", pairs.distinct()));
        pairs.top().forEach(p -> md.append(String.format(Locale.ROOT, "| %.3f | %s | %s |%n", p.cosine(), cell(p.a()), cell(p.b()))));
        return md.toString();
    }

    static List<String> tsv(LlmCostReplay.Result r) {
        List<String> lines = new ArrayList<>();
        lines.add("config\tseq\titem\tmode\tmodel\tinput_tokens\toutput_tokens\tcost_usd\tmillis\trouting_reason\tquestion");
        r.outcomes().forEach((label, list) -> list.forEach(o -> lines.add(String.join("\t", label, String.valueOf(o.seq()),
                String.valueOf(o.item()), o.mode(), o.model(), String.valueOf(o.inputTokens()), String.valueOf(o.outputTokens()),
                o.costUsd().toPlainString(), String.format(Locale.ROOT, "%.1f", o.micros() / 1000.0), cell(o.routingReason()), cell(o.question())))));
        return lines;
    }

    private static void row(StringBuilder md, Collection<CostFigures> all, String name, Function<CostFigures, String> value) {
        md.append("| ").append(name).append(" |");
        all.forEach(f -> md.append(' ').append(value.apply(f)).append(" |"));
        md.append('\n');
    }

    private static String count(CostFigures f, int n) {
        return n + " (" + pct(f.share(n)) + ")";
    }

    static double median(long[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    static String usd(BigDecimal v) {
        return String.format(Locale.ROOT, "$%.4f", v);
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace('|', '/').replace('\t', ' ').replace('\n', ' ');
    }

    static ModelSpec largest(ModelCatalog prices) {
        return prices.forTier(Tier.PREMIUM);
    }
}
