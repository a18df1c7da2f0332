package io.docchat.chat.access;

import io.docchat.chat.access.PermissionStack.Caller;
import io.docchat.chat.access.PermissionStack.Reply;
import io.docchat.chat.security.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.docchat.chat.access.PermissionCorpus.ENG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unsafe consumption of a question: Lucene and Elasticsearch query syntax typed into a search ({@code *:*},
 * {@code title:x OR *}, a JSON {@code match_all}, {@code acl:__public__}, {@code acl:sales}…) is text, never
 * query structure. For three callers (an {@code eng} member, a {@code sales} member, anonymous) and every hostile
 * form, alone and appended to plain words: the answer is never a 5xx, holds no chunk of a source the caller may not
 * read, and has no more hits than the same question's words without the syntax characters (syntax never widens the
 * result; with the relevance floor a form whose words find nothing must find nothing, and a form with no words at
 * all, such as {@code *:*}, finds nothing).
 */
class QuerySyntaxIT {

    private static final List<String> SYNTAX = List.of("*:*", "*", "title:x OR *", "{\"match_all\":{}}",
            "{\"query\":{\"match_all\":{}}}", "acl:__public__", "acl:sales OR acl:eng", "acl:*", "source:sales-docs",
            "_id:* OR _index:*", "bluefin^1000 OR *:*", ") OR (*:*", "\\\" OR \\\"*", "/.*/", "kestrel~2 AND acl:*",
            "NOT nothing", "+*:* -nothing", "{\"bool\":{\"should\":[{\"match_all\":{}}]}}");
    private static final String PLAIN = "fail over the cluster";

    private static PermissionStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new PermissionStack();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void querySyntaxInAQuestionIsTextItNeverWidensTheResultNorReachesUnreadableChunks() {
        Caller eng = Caller.token(Tokens.withGroups("eng-" + UUID.randomUUID(), List.of(ENG)));
        Caller sales = Caller.token(Tokens.withGroups("sales-" + UUID.randomUUID(), List.of(PermissionCorpus.SALES)));
        Caller anonymous = Caller.anonymous();
        int checked = 0;
        boolean anyPlainHits = false;
        for (Caller who : List.of(eng, sales, anonymous)) {
            Set<String> readable = readable(who, eng, sales);
            Reply plain = stack.search(who, PLAIN);
            assertThat(plain.status()).isEqualTo(200);
            anyPlainHits |= plain.json().path("hits").size() > 0;
            Map<String, Integer> wordsHits = new HashMap<>();
            for (String syntax : SYNTAX) {
                for (String question : List.of(syntax, PLAIN + " " + syntax)) {
                    Reply r = stack.search(who, question);
                    assertThat(r.status()).as(question).isLessThan(500);
                    if (r.status() != 200) {
                        assertThat(r.status()).as(question).isEqualTo(400);
                        continue;
                    }
                    List<String> sources = new ArrayList<>();
                    r.json().path("hits").forEach(h -> sources.add(h.path("source").asText()));
                    assertThat(sources).as(question).allSatisfy(s -> assertThat(s).isIn(readable));
                    assertThat(r.body()).as(question).doesNotContainPattern(forbiddenCodes(who, eng, sales));
                    String words = question.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
                    int baseline = words.isEmpty() ? 0 : wordsHits.computeIfAbsent(words, w -> {
                        Reply alone = stack.search(who, w);
                        assertThat(alone.status()).as(w).isEqualTo(200);
                        return alone.json().path("hits").size();
                    });
                    assertThat(r.json().path("hits").size()).as(question + " against its words '" + words + "'")
                            .isLessThanOrEqualTo(baseline);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3 * SYNTAX.size());
        assertThat(anyPlainHits).as("the plain words find something for some caller, so 'fewer' means something").isTrue();
    }

    private static Set<String> readable(Caller who, Caller eng, Caller sales) {
        Set<String> s = new LinkedHashSet<>(List.of("public-docs"));
        if (who == eng) {
            s.add("eng-docs");
        }
        if (who == sales) {
            s.add("sales-docs");
        }
        return s;
    }

    private static String forbiddenCodes(Caller who, Caller eng, Caller sales) {
        if (who == eng) {
            return "SALESCODE\\d\\d";
        }
        if (who == sales) {
            return "ENGCODE\\d\\d";
        }
        return "(ENG|SALES)CODE\\d\\d";
    }
}
