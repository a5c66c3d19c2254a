package io.smsbridge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named API keys: each names its producer; the keys file is read again when it changes, a bad one is refused. */
class ApiKeysTest {

    @TempDir
    Path dir;
    /** The clock ApiKeys looks at the file by: moved on a second where a test would wait one. */
    final AtomicLong now = new AtomicLong();

    @Test
    void theEnvironmentsKeyIsProducerDefault() {
        ApiKeys keys = new ApiKeys("s3cret-of-the-default", null);
        assertThat(keys.producerOf("s3cret-of-the-default")).isEqualTo("default");
        assertThat(keys.producerOf("s3cret-of-the-defaulT")).isNull();
        assertThat(keys.producerOf(null)).isNull();
        assertThat(keys.producerOf("")).isNull();
    }

    @Test
    void aKeyIsRotatedAndRevokedWithoutARestart() throws Exception {
        Path file = write("billing=billing-key-0000000001\n# a comment\nalerts = alerts-key-000000000001\n", 1);
        ApiKeys keys = new ApiKeys(null, file, now::get);
        assertThat(keys.producerOf("billing-key-0000000001")).isEqualTo("billing");
        assertThat(keys.producerOf("alerts-key-000000000001")).isEqualTo("alerts");

        // rotation: the new key of billing under a second name for a while, then the old one removed
        write("billing=billing-key-0000000002\nbilling-old=billing-key-0000000001\nalerts=alerts-key-000000000001\n", 2);
        assertThat(keys.producerOf("billing-key-0000000002")).as("not looked at again within the second").isNull();
        aSecondLater();
        assertThat(keys.producerOf("billing-key-0000000002")).isEqualTo("billing");
        assertThat(keys.producerOf("billing-key-0000000001")).isEqualTo("billing-old");

        write("billing=billing-key-0000000002\n", 3);
        aSecondLater();
        assertThat(keys.producerOf("billing-key-0000000001")).isNull();
        assertThat(keys.producerOf("alerts-key-000000000001")).as("revoked").isNull();
    }

    @Test
    void aBadFileIsRefusedAndTheKeysInForceStay() throws Exception {
        Path file = write("billing=billing-key-0000000001\n", 1);
        ApiKeys keys = new ApiKeys(null, file, now::get);
        write("billing=short\nalerts=alerts-key-000000000001\n", 2);   // one key too short: nothing of it is taken
        aSecondLater();
        assertThat(keys.producerOf("billing-key-0000000001")).isEqualTo("billing");
        assertThat(keys.producerOf("alerts-key-000000000001")).isNull();

        write("billing=billing-key-0000000001\nalerts=billing-key-0000000001\n", 3); // one key for two producers
        aSecondLater();
        assertThat(keys.producerOf("billing-key-0000000001")).isEqualTo("billing");
    }

    @Test
    void aBadFileAtStartUpStopsTheStart() throws Exception {
        Path file = write("bad/name=billing-key-0000000001\n", 1);
        assertThatThrownBy(() -> new ApiKeys(null, file)).hasMessageContaining("cannot be used");
        assertThatThrownBy(() -> new ApiKeys(null, dir.resolve("missing"))).hasMessageContaining("cannot be used");
    }

    private Path write(String text, int version) throws Exception {
        Path file = dir.resolve("api-keys");
        Files.writeString(file, text);
        // a distinct modification time per version, as a real edit has (the file system's clock may be coarse)
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version)));
        return file;
    }

    private void aSecondLater() {
        now.addAndGet(1_000_000_000L);
    }
}
