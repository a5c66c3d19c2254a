package io.smsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sandbox is the outside world: it shares no code with the bridge (or it would agree with the bridge's bugs: a
 * webhook signed by the code that verifies it, segments counted by the counter under test), and the bridge does not
 * know it. Checked on the sources.
 */
class SandboxIndependenceTest {

    private static final Path MAIN = Path.of("src/main/java/io/smsbridge");
    private static final Pattern PRODUCT_REFERENCE = Pattern.compile("io\\.smsbridge\\.(?!sandbox\\b)[a-z]+\\.[A-Z]");

    @Test
    void theSandboxUsesNothingOfTheBridge() throws IOException {
        List<String> found = references(MAIN.resolve("sandbox"), PRODUCT_REFERENCE);
        assertThat(found).as("bridge classes named in src/main/java/io/smsbridge/sandbox").isEmpty();
    }

    @Test
    void theBridgeUsesNothingOfTheSandbox() throws IOException {
        List<String> found;
        try (Stream<Path> files = Files.walk(MAIN)) {
            found = files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(MAIN.resolve("sandbox")))
                    .flatMap(f -> lines(f).stream().filter(l -> l.contains("import io.smsbridge.sandbox")).map(l -> f + ": " + l))
                    .toList();
        }
        assertThat(found).as("sandbox classes imported by the bridge").isEmpty();
    }

    private static List<String> references(Path dir, Pattern pattern) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream().filter(l -> pattern.matcher(l).find()).map(l -> f + ": " + l.strip()))
                    .toList();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
