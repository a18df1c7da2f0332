package io.docchat.chat.conversation;

import io.docchat.chat.access.Viewer;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/**
 * One's own conversations: list, read with messages, delete. Someone else's id answers 404. Messages are shown
 * as the caller may read them now ({@link ReadableHistory}).
 */
@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "conversations")
class ConversationController {

    private final ConversationStore store;
    private final ReadableHistory readable;

    ConversationController(ConversationStore store, ReadableHistory readable) {
        this.store = store;
        this.readable = readable;
    }

    @GetMapping
    List<Conversation> list(@Parameter(description = "at most this many, newest first; clamped to 1..200")
                            @RequestParam(defaultValue = "50") int limit, Authentication auth, HttpServletRequest request) {
        return store.list(Callers.id(auth, request), Math.clamp(limit, 1, 200));
    }

    @GetMapping("/{id}")
    ConversationView get(@PathVariable UUID id, Authentication auth, HttpServletRequest request) {
        Conversation c = store.find(id, Callers.id(auth, request)).orElseThrow(ConversationController::notFound);
        return new ConversationView(c, readable.filter(store.messages(c.id()), Viewer.of(auth)));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id, Authentication auth, HttpServletRequest request) {
        if (!store.delete(id, Callers.id(auth, request))) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    static ErrorResponseException notFound() {
        return new ErrorResponseException(HttpStatus.NOT_FOUND);
    }

    record ConversationView(Conversation conversation, List<StoredMessage> messages) {
    }
}
