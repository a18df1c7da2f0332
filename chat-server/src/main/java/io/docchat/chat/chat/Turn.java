package io.docchat.chat.chat;

import io.docchat.chat.conversation.Conversation;
import io.docchat.chat.conversation.StoredMessage;

import java.util.List;

/** One question being answered: who asks, in which conversation, with what history, since when. */
record Turn(String userId, ChatRequest request, Conversation conversation, List<StoredMessage> history,
            long startedNanos) {

    int priorQuestions() {
        return (int) history.stream().filter(m -> "user".equals(m.role())).count();
    }

    int elapsedMs() {
        return (int) ((System.nanoTime() - startedNanos) / 1_000_000);
    }
}
