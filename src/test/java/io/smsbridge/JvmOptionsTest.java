package io.smsbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * config/jvm.options is what every documented launch passes to the JVM ({@code java @config/jvm.options -jar ...}):
 * it must be a file this JDK accepts and select the low-pause collector, and the other launchers
 * must use it.
 */
class JvmOptionsTest {

    @Test
    void theJvmAcceptsTheOptionsFileAndRunsTheLowPauseCollector() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(java, "@config/jvm.options", "-XX:+PrintFlagsFinal", "-version")
                .redirectErrorStream(true).start();
        String flags = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).as(flags).isZero();
        assertThat(flags).containsPattern("bool UseShenandoahGC\\s+= true");
    }

    @Test
    void springBootRunTheImageAndTheBenchmarksStartTheBridgeWithIt() throws Exception {
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<jvmArguments>@config/jvm.options</jvmArguments>");
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("exec java @config/jvm.options $JAVA_OPTS -jar app.jar");
        assertThat(Files.readString(Path.of("bench/lib.sh"))).contains("java @config/jvm.options ");
    }
}
