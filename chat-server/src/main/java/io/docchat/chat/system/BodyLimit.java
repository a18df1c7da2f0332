package io.docchat.chat.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Caps the JSON bodies of the API ({@code docchat.api.max-body-size}, 16 KiB by default, as search's own
 * cap): a declared {@code Content-Length} over the cap is answered 413 before anything is read, and a body
 * that runs past it without one (chunked) fails its read at the cap, which {@link ApiErrors} turns into the
 * same 413. A chat question of 2,000 characters fits even fully {@code \\u}-escaped. Search checks its own
 * body (its cap has its own setting), so it is left to it.
 */
@Component
class BodyLimit extends OncePerRequestFilter {

    private final long maxBytes;

    BodyLimit(@Value("${docchat.api.max-body-size:16KB}") DataSize max) {
        this.maxBytes = max.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        String method = request.getMethod();
        return !path.startsWith("/api/") || path.startsWith("/api/v1/search")
                || !("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            response.setStatus(413);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                    + "\"detail\":\"" + message(maxBytes) + "\",\"instance\":\"" + request.getRequestURI().replaceAll("[\"\\\\\\p{Cntrl}]", "")
                    + "\"}");
            return;
        }
        chain.doFilter(new Capped(request, maxBytes), response);
    }

    static String message(long maxBytes) {
        return "body larger than " + maxBytes + " bytes";
    }

    /** The read past the cap; found in the cause chain of whatever the JSON reader threw. */
    static final class TooLarge extends IOException {
        TooLarge(long maxBytes) {
            super(message(maxBytes));
        }

        static boolean in(Throwable e) {
            return find(e) != null;
        }

        static TooLarge find(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TooLarge tl) {
                    return tl;
                }
            }
            return null;
        }
    }

    private static final class Capped extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        CountingStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > maxBytes) {
                throw new TooLarge(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
