package io.docchat.chat.chat;

import io.docchat.chat.search.QueryMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A chat request refused before it was answered (validation, malformed body, unknown field: whichever handler
 * wrote the problem) counts as {@code chat_queries_total{api="chat",status="invalid"}}, as search's do; it is
 * timed as 0 (refusing takes well under the histogram's first bucket). Answers that fail later are counted by
 * the controller, which sees how they ended; a 429 from the rate limiter never reaches a handler.
 */
@Configuration(proxyBeanMethods = false)
class InvalidChatRequests implements WebMvcConfigurer, HandlerInterceptor {

    private final QueryMetrics metrics;

    InvalidChatRequests(QueryMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/chat", "/api/v1/chat/**");
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        int status = response.getStatus();
        if (status >= 400 && status < 500 && status != 429 && !request.isAsyncStarted()) {
            metrics.query(ChatController.API, "invalid", 0);
        }
    }
}
