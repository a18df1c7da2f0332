package io.docchat.chat.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stored form of API keys and the start-up rules for the pepper. */
class ApiKeyPepperTest {

    private static final String PEPPER = "a-test-pepper-of-more-than-32-bytes-0123456789";

    @Test
    void theStoredFormIsAnHmacUnderThePepperOfTheKeysSha256NotTheSha256Itself() throws Exception {
        ApiKeyPepper pepper = new ApiKeyPepper(PEPPER, true);
        String secret = "dck_example-secret";
        byte[] sha = ApiKeyPepper.sha256(secret);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PEPPER.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

        assertThat(pepper.hash(secret)).isEqualTo(HexFormat.of().formatHex(mac.doFinal(sha)))
                .isNotEqualTo(HexFormat.of().formatHex(sha))
                .isNotEqualTo(new ApiKeyPepper(PEPPER + "-other", true).hash(secret));
        assertThat(ApiKeyPepper.same(pepper.hash(secret), pepper.hash(secret))).isTrue();
        assertThat(ApiKeyPepper.same(pepper.hash(secret), pepper.hash(secret + "x"))).isFalse();
    }

    @Test
    void prodRefusesToStartWithoutAPepperAndATooShortOneIsRefusedEverywhere() {
        assertThatThrownBy(() -> new ApiKeyPepper("", true)).hasMessage("DOCCHAT_API_KEY_PEPPER is not set: the prod profile "
                + "needs the API-key pepper (at least 32 bytes, the same on every replica)");
        assertThatThrownBy(() -> new ApiKeyPepper("short", false)).hasMessageContaining("at least 32 bytes");
        assertThat(new ApiKeyPepper(null, false).hash("k")).isEqualTo(new ApiKeyPepper(ApiKeyPepper.DEVELOPMENT_PEPPER, false).hash("k"));
    }

    @Test
    void theProdProfileFailsTheContextNamingTheMissingVariable() {
        ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(PepperOnly.class);
        runner.withPropertyValues("spring.profiles.active=prod").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageStartingWith("DOCCHAT_API_KEY_PEPPER is not set"));
        runner.withPropertyValues("spring.profiles.active=prod", "docchat.security.api-keys.pepper=" + PEPPER)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ApiKeyPepper.class));
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    @EnableConfigurationProperties(ApiKeyProperties.class)
    @Import(ApiKeyPepper.class)
    static class PepperOnly {
    }
}
