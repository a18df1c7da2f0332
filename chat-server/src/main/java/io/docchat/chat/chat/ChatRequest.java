package io.docchat.chat.chat;

import io.docchat.chat.search.SearchQuery;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * A question, optionally continuing a conversation, optionally narrowed by search filters.
 *
 * @param question        stored as text: NUL (U+0000), which PostgreSQL cannot store, is refused with a 400
 * @param conversationId null starts a new conversation
 */
record ChatRequest(@NotBlank(message = "must not be empty")
                   @Size(max = 2000, message = "must be at most {max} characters")
                   @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String question,
                   UUID conversationId, SearchQuery.Filters filters) {

    /** Any text without U+0000. */
    static final String NO_NUL = "[^\\x00]*";
    static final String NUL_MESSAGE = "must not contain the NUL character (U+0000)";
}
