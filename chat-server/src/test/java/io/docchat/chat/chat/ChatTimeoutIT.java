package io.docchat.chat.chat;

import io.docchat.chat.testing.ChatClient;
import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer past {@code docchat.chat.stream-timeout}, on a second server with a 1 s timeout and a provider that
 * sends its headers with its first token, 4 s in: the answer is cancelled, not interrupted.
 */
class ChatTimeoutIT {

    private final ChatStack stack = ChatStack.get();
    private final FakeOpenAi llm = stack.llm();

    @BeforeEach
    void resetFake() {
        llm.reset();
        stack.clearAnswerCache(); // the question is one other tests ask
    }

    @Test
    void aJsonAnswerPastTheTimeoutIsA503ProblemAndItsLlmCallIsCancelled() {
        llm.respondWith(r -> FakeOpenAi.answerAfter("Port 8080 [1].", 4000));
        try (ChatStack.Server server = stack.startServer(Map.of("docchat.chat.stream-timeout", "1s"))) {
            ChatClient user = server.newUser();
            long start = System.nanoTime();
            ChatClient.Response r = user.post("/api/v1/chat?stream=false",
                    "{\"question\":\"Which port does the server listen on?\"}");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body().path("status").asInt()).isEqualTo(503);
            // the answer was cut off before the LLM's first token (4 s): stored as incomplete, without its text
            Map<String, Object> row = stack.storedAnswer(user.userId(), Duration.ofSeconds(3));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(row.get("status")).isEqualTo("incomplete");
            assertThat((String) row.get("content")).doesNotContain("8080");
        }
    }
}
