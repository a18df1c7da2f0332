package io.docchat.chat.search;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Citation links ({@code docchat.links.*}, see {@link SourceLinks}).
 *
 * @param publicUrl where people reach this server (scheme, host, port and any path prefix), as the source view
 *                  links must name it; empty: {@code http://localhost:<port>}
 */
@ConfigurationProperties("docchat.links")
record LinkProperties(@DefaultValue("") String publicUrl) {
}
