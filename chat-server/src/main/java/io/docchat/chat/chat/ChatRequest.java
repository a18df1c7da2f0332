package io.docchat.chat.chat;

import io.docchat.chat.search.SearchQuery;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * A question, optionally continuing a conversation, optionally narrowed by search filters.
 *
 * @param conversationId null starts a new conversation
 */
record ChatRequest(@NotBlank @Size(max = 2000) String question, UUID conversationId, SearchQuery.Filters filters) {
}
