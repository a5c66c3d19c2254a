package io.smsbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.FileSystemResource;

/** The keyword families come from configuration (smsbridge.inbound.*-words), with Twilio's defaults when none is set. */
class KeywordsTest {

    @Test
    void theDefaultFamiliesAreTwilios() {
        Keywords keywords = new Keywords(properties(null, null, null));
        assertThat(keywords.classify(text(" unsubscribe ")).family()).isEqualTo("STOP");
        assertThat(keywords.classify(text("Yes")).family()).isEqualTo("START");
        assertThat(keywords.classify(text("info")).family()).isEqualTo("HELP");
        assertThat(keywords.classify(text("stop sending me these")).family()).as("the whole text only").isEqualTo("NONE");
    }

    @Test
    void configuredWordsReplaceThem() {
        Keywords keywords = new Keywords(properties(Set.of("arret", "STOP"), Set.of("commencer"), Set.of("aide")));
        assertThat(keywords.classify(text("ARRET")).family()).isEqualTo("STOP");
        assertThat(keywords.classify(text("Commencer")).family()).isEqualTo("START");
        assertThat(keywords.classify(text("aide")).family()).isEqualTo("HELP");
        assertThat(keywords.classify(text("CANCEL")).family()).as("no longer an opt-out word").isEqualTo("NONE");
    }

    @Test
    void theShippedConfigurationKeepsItsWordsAsWords() {
        // a bare YES in YAML is the boolean true: config/application.yml quotes its words
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource("config/application.yml"));
        Properties config = yaml.getObject();
        assertThat(config.get("smsbridge.inbound.opt-in-words[1]")).isEqualTo("YES");
        assertThat(config.values()).as("no word read as a boolean").noneMatch(v -> v instanceof Boolean && config.entrySet().stream()
                .anyMatch(e -> e.getValue() == v && e.getKey().toString().contains("-words[")));
    }

    private static InboundProperties properties(Set<String> optOut, Set<String> optIn, Set<String> help) {
        return new InboundProperties(false, false, null, null, null, Map.of(), optOut, optIn, help);
    }

    private static InboundMessage text(String body) {
        return new InboundMessage("SM1", "AC1", "+14155550123", "+15005550006", null, body, null, List.of(), Instant.now(), null);
    }
}
