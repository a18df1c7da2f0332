package io.docchat.chat.signin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * Session attributes in Redis are Java-serialized (Spring Session's default), but one that cannot be read back
 * (written by another version, or damaged) is treated as absent instead of failing the request with a 500:
 * the caller is simply not signed in any more (401 for the API, a fresh sign-in for pages).
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

    @Bean("springSessionDefaultRedisSerializer")
    RedisSerializer<Object> springSessionDefaultRedisSerializer() {
        JdkSerializationRedisSerializer jdk = new JdkSerializationRedisSerializer(getClass().getClassLoader());
        return new RedisSerializer<>() {
            @Override
            public byte[] serialize(Object value) {
                return jdk.serialize(value);
            }

            @Override
            public Object deserialize(byte[] bytes) {
                try {
                    return jdk.deserialize(bytes);
                } catch (SerializationException e) {
                    return null;
                }
            }
        };
    }
}
