package io.docchat.chat.signin;

import io.docchat.chat.security.SecurityMode;
import io.docchat.chat.security.SecurityProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;

/**
 * Sign-in is there when a provider is configured; private mode without one refuses to start, with one line
 * saying which settings are missing.
 */
@Configuration(proxyBeanMethods = false)
class SignInConfiguration {

    @Bean
    SignInOption signIn(SecurityProperties props, @Value("${docchat.security.jwt.groups-claim:groups}") String groupsClaim) {
        if (props.mode() == SecurityMode.PRIVATE && !props.oidc().configured()) {
            throw new MissingSignInSettingsException("docchat.security.mode=private (DOCCHAT_MODE) needs "
                    + props.oidc().missing() + ": the identity provider the pages sign in with");
        }
        return new SignInOption(props.oidc().configured() ? Optional.of(new SignIn(props.oidc(), new GroupClaims(groupsClaim)))
                : Optional.empty());
    }

    /** Private mode without an identity provider; its message is the whole story. */
    static final class MissingSignInSettingsException extends IllegalStateException {
        MissingSignInSettingsException(String message) {
            super(message);
        }
    }
}
