package io.docchat.indexer.schedule;

import io.docchat.indexer.source.SourceProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleCheckTest {

    private static SourceProperties source(String name, String cron) {
        return new SourceProperties(name, Path.of("/docs"), List.of(), List.of(), cron, "", null, false, List.of(), null);
    }

    @Test
    void requiredScheduleRefusesAnEmptySourceCronWithOneLineNamingTheVariable() {
        var sources = List.of(source("docs", "0 */15 * * * ?"), source("wiki", " "));
        assertThatThrownBy(() -> ScheduleCheck.verify(sources, new ScheduleProperties("0 0 3 ? * SUN", true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DOCCHAT_INDEXER_SOURCES_1_CRON")
                .hasMessageContaining("'wiki'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void requiredScheduleRefusesAMissingFullRebuildCron() {
        assertThatThrownBy(() -> ScheduleCheck.verify(List.of(source("docs", "0 */15 * * * ?")), new ScheduleProperties("", true)))
                .hasMessageContaining("DOCCHAT_INDEXER_SCHEDULE_FULL_REBUILD_CRON");
    }

    @Test
    void requiredScheduleRefusesNoSourceAtAll() {
        assertThatThrownBy(() -> ScheduleCheck.verify(List.of(), new ScheduleProperties("0 0 3 ? * SUN", true)))
                .hasMessageContaining("no source configured");
    }

    @Test
    void aMalformedCronIsRefusedEvenWhenSchedulesAreOptional() {
        assertThatThrownBy(() -> ScheduleCheck.verify(List.of(source("docs", "every 15 minutes")), new ScheduleProperties("", false)))
                .hasMessageContaining("DOCCHAT_INDEXER_SOURCES_0_CRON").hasMessageContaining("not a Quartz cron");
        assertThatThrownBy(() -> ScheduleCheck.verify(List.of(), new ScheduleProperties("0 0 3 * * SUN", false)))
                .hasMessageContaining("full-rebuild-cron");
    }

    @Test
    void completeOrOptionalSchedulesPass() {
        assertThatCode(() -> ScheduleCheck.verify(List.of(source("docs", "0 */15 * * * ?")),
                new ScheduleProperties("0 0 3 ? * SUN", true))).doesNotThrowAnyException();
        assertThatCode(() -> ScheduleCheck.verify(List.of(source("docs", "")), new ScheduleProperties("", false)))
                .doesNotThrowAnyException();
    }

    @Test
    void theProdProfileRequiresSchedulesAndTheDefaultDoesNot() throws IOException {
        assertThat(bind("application-prod.yml").required()).isTrue();
        assertThat(bind("application.yml").required()).isFalse();
    }

    private static ScheduleProperties bind(String file) throws IOException {
        var env = new StandardEnvironment();
        new YamlPropertySourceLoader().load(file, new ClassPathResource(file)).forEach(env.getPropertySources()::addFirst);
        return Binder.get(env).bindOrCreate("docchat.indexer.schedule", ScheduleProperties.class);
    }

}
