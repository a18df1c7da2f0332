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
        Duration timeout = props.getTimeout() == null ? Duration.ofMillis(200) : props.getTimeout();
        return new SharedRedis(uri.build(), timeout);
    }
}
