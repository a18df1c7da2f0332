package io.docchat.chat.chat;

import io.docchat.chat.access.Viewer;
import io.docchat.chat.conversation.Conversation;
import io.docchat.chat.conversation.StoredMessage;

import java.util.List;

/**
 * One question being answered: who asks (and what they may read), in which conversation, with what history
 * (as the caller may read it now), since when.
 */
record Turn(String userId, Viewer viewer, ChatRequest request, Conversation conversation, List<StoredMessage> history,
            long startedNanos) {

    int priorQuestions() {
        return (int) history.stream().filter(m -> "user".equals(m.role())).count();
    }

    int elapsedMs() {
        return (int) ((System.nanoTime() - startedNanos) / 1_000_000);
    }
}
