package io.docchat.chat.analytics;

import io.docchat.chat.conversation.Callers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Who made the current request, for analytics: as conversations scope it, or nobody (search needs no client id). */
final class Caller {

    private Caller() {
    }

    static String current() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return null;
        }
        HttpServletRequest request = attributes.getRequest();
        try {
            return Callers.id(SecurityContextHolder.getContext().getAuthentication(), request);
        } catch (Callers.MissingCallerException e) {
            return null;
        }
    }
}
