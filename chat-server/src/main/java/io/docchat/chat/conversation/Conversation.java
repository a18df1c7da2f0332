package io.docchat.chat.conversation;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A conversation header; its owner is the only one who can see it. */
public record Conversation(UUID id, String userId, String title, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
