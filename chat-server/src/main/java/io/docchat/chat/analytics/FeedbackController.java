package io.docchat.chat.analytics;

import io.docchat.chat.conversation.Callers;
import io.docchat.chat.conversation.ConversationStore;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** Thumbs up or down on an answer, stored as the query's satisfaction score. */
@RestController
@Tag(name = "feedback")
class FeedbackController {

    private final ConversationStore conversations;
    private final QueryAnalytics analytics;

    FeedbackController(ConversationStore conversations, QueryAnalytics analytics) {
        this.conversations = conversations;
        this.analytics = analytics;
    }

    @PostMapping("/api/v1/messages/{id}/feedback")
    ResponseEntity<Void> feedback(@PathVariable UUID id, @Valid @RequestBody Feedback body, Authentication auth,
                                  HttpServletRequest request) {
        String caller = Callers.id(auth, request);
        boolean mine = conversations.messageOwner(id).map(caller::equals).orElse(false);
        if (!mine || !analytics.feedback(id, "up".equals(body.rating()) ? 1 : -1, body.reason())) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND);
        }
        return ResponseEntity.noContent().build();
    }

    /** The reason is stored as text: NUL (U+0000), which PostgreSQL cannot store, is refused with a 400. */
    record Feedback(@NotNull(message = "must be \"up\" or \"down\"")
                    @Pattern(regexp = "up|down", message = "must be \"up\" or \"down\"") String rating,
                    @Size(max = 1000, message = "must be at most {max} characters")
                    @Pattern(regexp = "[^\\x00]*", message = "must not contain the NUL character (U+0000)") String reason) {
    }
}
