package io.docchat.indexer.system;

import io.docchat.elastic.security.JwtSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminSecurityPropertiesTest {

    private static final JwtSettings NO_JWT = new JwtSettings(null, null, null, null, "roles", null);

    @Test
    void theProdProfileRefusesAnOpenAdminApiWithOneLineSayingWhatToSet() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        new YamlPropertySourceLoader().load("prod", new ClassPathResource("application-prod.yml"))
                .forEach(env.getPropertySources()::addFirst);
        assertThat(Binder.get(env).bind("docchat.security.require-admin-credentials", Boolean.class).get()).isTrue();

        assertThatThrownBy(() -> new AdminSecurityProperties(null, NO_JWT, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DOCCHAT_ADMIN_API_KEY");
        assertThatThrownBy(() -> new AdminSecurityProperties("  ", NO_JWT, true))
                .isInstanceOf(IllegalStateException.class);
        assertThat(new AdminSecurityProperties("an-admin-key-from-the-environment", NO_JWT, true).configured()).isTrue();
        assertThat(new AdminSecurityProperties(null, NO_JWT, false).configured())
                .as("locally the admin API may stay open behind the loopback binding").isFalse();
    }
}
