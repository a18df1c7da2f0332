package io.docchat.chat.signin;

import java.util.Optional;

/** Sign-in when a provider is configured, as a bean that always exists. */
public record SignInOption(Optional<SignIn> signIn) {
}
