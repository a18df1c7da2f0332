package io.docchat.chat.system;

import io.lettuce.core.RedisURI;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The shared lettuce connection, from the same {@code spring.data.redis.*} settings as health uses. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    @Bean(destroyMethod = "close")
    SharedRedis sharedRedis(DataRedisProperties props) {
        RedisURI.Builder uri = RedisURI.builder()
                .withHost(props.getHost() == null ? "127.0.0.1" : props.getHost())
                .withPort(props.getPort())
                .withDatabase(props.getDatabase())
                .withSsl(props.getSsl().isEnabled());
        if (props.getPassword() != null && !props.getPassword().isBlank()) {
            if (props.getUsername() != null && !props.getUsername().isBlank()) {
                uri.withAuthentication(props.getUsername(), props.getPassword().toCharArray());
            } else {
                uri.withPassword(props.getPassword().toCharArray());
            }
        }
        // at most 100 ms per command: a slow Redis must not hold requests longer than that (the cache waits
        // even less and the circuit breakers stop calling it after a few failures)
        Duration configured = props.getTimeout() == null ? Duration.ofMillis(100) : props.getTimeout();
        Duration timeout = configured.compareTo(Duration.ofMillis(100)) > 0 ? Duration.ofMillis(100) : configured;
        return new SharedRedis(uri.build(), timeout);
    }
}
