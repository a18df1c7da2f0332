package io.docchat.chat.chat;

import io.docchat.chat.llm.Cancellation;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Chat events as Server-Sent Events; a failed write means the client left, which cancels the answer. */
final class SseChatEvents implements ChatEvents {

    private final SseEmitter emitter;
    private final Cancellation cancellation;

    SseChatEvents(SseEmitter emitter, Cancellation cancellation) {
        this.emitter = emitter;
        this.cancellation = cancellation;
    }

    @Override
    public void sources(List<SourceRef> sources) {
        send("sources", Map.of("sources", sources));
    }

    @Override
    public void token(String text) {
        send("token", Map.of("text", text));
    }

    @Override
    public void citations(Citations citations) {
        send("citations", citations);
    }

    @Override
    public void done(Done done) {
        send("done", done);
    }

    @Override
    public void error(ChatError error) {
        send("error", error);
    }

    private void send(String name, Object data) {
        if (cancellation.isCancelled()) {
            return;
        }
        try {
            emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            cancellation.cancel();
        }
    }
}
