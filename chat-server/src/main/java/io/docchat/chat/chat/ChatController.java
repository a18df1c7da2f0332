package io.docchat.chat.chat;

import io.docchat.chat.access.Viewer;
import io.docchat.chat.conversation.Callers;
import io.docchat.chat.llm.Cancellation;
import io.docchat.chat.search.QueryMetrics;
import io.docchat.chat.search.SearchUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * {@code POST /api/v1/chat}: Server-Sent Events {@code sources}, {@code token}*, {@code citations},
 * {@code done} (or {@code error}); with {@code ?stream=false} one JSON answer. Each answer is counted and timed
 * as the seed's query metrics with {@code api="chat"} (status ok, unavailable or error; invalid requests are
 * counted by {@link ChatApiErrors}), the same meters as search's.
 */
@RestController
@RequestMapping("/api/v1/chat")
@Tag(name = "chat")
class ChatController {

    private static final Logger log = LoggerFactory.getLogger(ChatController.class);
    /** The {@code api} tag of the query metrics. */
    static final String API = "chat";

    private final ChatPipeline pipeline;
    private final ExecutorService executor;
    private final Duration streamTimeout;
    private final QueryMetrics metrics;

    ChatController(ChatPipeline pipeline, ChatExecutor chatExecutor, ChatStreamTimeout timeout, QueryMetrics metrics) {
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.executor = chatExecutor.delegate();
        this.streamTimeout = timeout.value();
    }

    @PostMapping
    @Operation(summary = "Ask a question: the answer streams as Server-Sent Events, or one JSON with stream=false",
            description = "Events: sources, token (repeated), citations, done; or error. Bodies over 16 KiB are refused "
                    + "with 413.",
            parameters = @Parameter(name = "stream", in = ParameterIn.QUERY, schema = @Schema(type = "boolean",
                    defaultValue = "true"), description = "false: wait for the whole answer and return it as one JSON "
                    + "object (CollectedAnswer) instead of an event stream"))
    SseEmitter stream(@Valid @RequestBody ChatRequest body, Authentication auth, HttpServletRequest request) {
        long start = System.nanoTime();
        String caller = Callers.id(auth, request);
        Viewer viewer = Viewer.of(auth);
        Lookahead ahead = pipeline.lookahead(caller, viewer, body, executor);
        Turn turn = pipeline.start(caller, viewer, body);
        SseEmitter emitter = new SseEmitter(streamTimeout.toMillis());
        Cancellation cancellation = new Cancellation();
        emitter.onTimeout(cancellation::cancel);
        emitter.onError(e -> cancellation.cancel());
        SseChatEvents events = new SseChatEvents(emitter, cancellation);
        executor.execute(() -> {
            String status = "error";
            try {
                pipeline.run(turn, events, cancellation, ahead);
                status = "ok";
            } catch (SearchUnavailableException e) {
                status = "unavailable";
                log.warn("chat without retrieval for conversation {}: {}", turn.conversation().id(), e.getMessage());
                events.error(new ChatEvents.ChatError("search_unavailable",
                        "The documentation search is unavailable right now. Please try again in a moment.", true));
            } catch (RuntimeException e) {
                log.error("chat failed for conversation {}", turn.conversation().id(), e);
                events.error(new ChatEvents.ChatError("internal", "Something went wrong while answering. Please try again.", true));
            } finally {
                metrics.query(API, status, System.nanoTime() - start);
                emitter.complete();
            }
        });
        return emitter;
    }

    /**
     * One JSON answer. The answer waits for the LLM on the chat executor's virtual threads, as a stream does,
     * not on one of the server's request threads (platform threads, so that searches do not pay for
     * mounting virtual threads). Past the stream timeout the request ends with a 503 problem and the answer is
     * cancelled the way a stream's is: by {@link Cancellation}, never by interrupting its thread. (A
     * {@code WebAsyncTask} interrupts it, which failed the LLM call as an error instead of a cancellation and
     * closed the JDBC connection that then stored the answer: "Closed by interrupt".)
     */
    @PostMapping(params = "stream=false")
    @Operation(summary = "Ask a question and get one JSON answer (stream=false)")
    DeferredResult<CollectedAnswer.Response> answer(@Valid @RequestBody ChatRequest body, Authentication auth,
                                                    HttpServletRequest request) {
        long start = System.nanoTime();
        String caller = Callers.id(auth, request);
        Viewer viewer = Viewer.of(auth);
        Lookahead ahead = pipeline.lookahead(caller, viewer, body, executor);
        Turn turn = pipeline.start(caller, viewer, body);
        Cancellation cancellation = new Cancellation();
        DeferredResult<CollectedAnswer.Response> result = new DeferredResult<>(streamTimeout.toMillis());
        result.onTimeout(cancellation::cancel); // no result set: Spring answers AsyncRequestTimeoutException
        result.onError(e -> cancellation.cancel());
        executor.execute(() -> {
            try {
                CollectedAnswer answer = new CollectedAnswer();
                pipeline.run(turn, answer, cancellation, ahead);
                metrics.query(API, "ok", System.nanoTime() - start);
                result.setResult(answer.response());
            } catch (RuntimeException | Error e) {
                metrics.query(API, unavailable(e) ? "unavailable" : "error", System.nanoTime() - start);
                result.setErrorResult(e); // through ChatApiErrors, as a request thread's exception would be
            }
        });
        return result;
    }

    private static boolean unavailable(Throwable e) {
        return e instanceof SearchUnavailableException
                || e instanceof org.springframework.web.ErrorResponseException r && r.getStatusCode().value() == 503;
    }

    /** The virtual-thread executor that runs answers. */
    record ChatExecutor(ExecutorService delegate) implements AutoCloseable {
        @Override
        public void close() {
            delegate.close();
        }
    }

    /** How long an SSE response may stay open: the LLM's total deadline plus retrieval and storage. */
    record ChatStreamTimeout(Duration value) {
    }
}
