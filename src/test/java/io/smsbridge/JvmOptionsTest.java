package io.smsbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * config/jvm.options is what every documented launch passes to the JVM ({@code java @config/jvm.options -jar ...}):
 * it must be a file this JDK accepts and size the bridge for a node of 512 MB (docs/performance.md, "Memory"), the
 * documented way to give it more must work after it, and the other launchers must use it.
 */
class JvmOptionsTest {

    @Test
    void theJvmAcceptsTheOptionsFileAndSizesTheBridgeForA512MegabyteNode() throws Exception {
        String flags = flags();
        assertThat(flags).containsPattern("bool UseParallelGC\\s+= true");
        assertThat(flags).containsPattern("size_t MaxHeapSize\\s+= " + 192 * 1024 * 1024 + "\\b");
        assertThat(flags).containsPattern("uint TrimNativeHeapInterval\\s+= 5000\\b");
    }

    @Test
    void optionsAfterTheFileGiveALargerHeapAndTheLowPauseCollector() throws Exception {
        String flags = flags("-XX:-UseParallelGC", "-XX:+UseShenandoahGC", "-Xmx2g");
        assertThat(flags).containsPattern("bool UseShenandoahGC\\s+= true");
        assertThat(flags).containsPattern("size_t MaxHeapSize\\s+= " + 2L * 1024 * 1024 * 1024 + "\\b");
    }

    @Test
    void springBootRunTheImageAndTheBenchmarksStartTheBridgeWithIt() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String bench = Files.readString(Path.of("bench/lib.sh"));
        assertThat(pom).contains("<jvmArguments>@config/jvm.options</jvmArguments>").contains("<MALLOC_ARENA_MAX>2</MALLOC_ARENA_MAX>");
        assertThat(dockerfile).contains("exec java @config/jvm.options $JAVA_OPTS -jar app.jar").contains("MALLOC_ARENA_MAX=2");
        assertThat(bench).contains("java @config/jvm.options ").contains("MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}");
    }

    private static String flags(String... after) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "@config/jvm.options"));
        command.addAll(List.of(after));
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        String flags = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).as(flags).isZero();
        return flags;
    }
}
