package io.smsbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/** SMSBRIDGE_DATA_DIR puts the broker journal and the H2 database side by side, absolute or relative. */
class DataDirectoryTest {

    @Test
    void anAbsoluteDataDirectoryHoldsTheJournalAndTheDatabase() throws Exception {
        StandardEnvironment env = configuredWith("/srv/sms-bridge");
        assertThat(env.getProperty("spring.artemis.embedded.data-directory")).isEqualTo("/srv/sms-bridge/artemis");
        // (it once became ./srv/sms-bridge/db/smsbridge: relative to the working directory, away from the journal)
        assertThat(env.getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:/srv/sms-bridge/db/smsbridge;");
    }

    @Test
    void theDefaultIsDataInTheWorkingDirectory() throws Exception {
        StandardEnvironment env = configuredWith(null);
        assertThat(env.getProperty("spring.artemis.embedded.data-directory")).isEqualTo("./data/artemis");
        assertThat(env.getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:./data/db/smsbridge;");
    }

    private static StandardEnvironment configuredWith(String dataDir) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        if (dataDir != null) {
            env.getPropertySources().addFirst(new MapPropertySource("env", Map.of("SMSBRIDGE_DATA_DIR", dataDir)));
        }
        new YamlPropertySourceLoader().load("application.yml", new FileSystemResource("config/application.yml"))
                .forEach(env.getPropertySources()::addLast);
        return env;
    }
}
