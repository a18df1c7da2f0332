package io.docchat.chat.chat;

import java.util.ArrayList;
import java.util.List;

/** The non-streaming answer: everything the stream would have carried, in one JSON body. */
final class CollectedAnswer implements ChatEvents {

    private final StringBuilder text = new StringBuilder();
    private List<SourceRef> sources = List.of();
    private Citations citations = new Citations(List.of(), 0);
    private Done done;
    private final List<ChatError> errors = new ArrayList<>();

    @Override
    public void sources(List<SourceRef> sources) {
        this.sources = sources;
    }

    @Override
    public void token(String t) {
        text.append(t);
    }

    @Override
    public void citations(Citations citations) {
        this.citations = citations;
    }

    @Override
    public void done(Done done) {
        this.done = done;
    }

    @Override
    public void error(ChatError error) {
        errors.add(error);
    }

    Response response() {
        return new Response(text.toString(), sources, citations, done, errors.isEmpty() ? null : errors.getFirst());
    }

    record Response(String answer, List<SourceRef> sources, Citations citations, Done done, ChatError error) {
    }
}
