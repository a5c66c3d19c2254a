package io.smsbridge.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;

/** When the console is served, which requests its filter chain sees, and how its users file is read. */
class ConsoleEnabledTest {

    @Test
    void onInSandboxModeOffInLiveModeUnlessSet() {
        assertThat(ConsoleEnabled.isEnabled(new MockEnvironment())).as("sandbox mode").isTrue();
        MockEnvironment live = new MockEnvironment().withProperty("smsbridge.twilio.mode", "live");
        assertThat(ConsoleEnabled.isEnabled(live)).isFalse();
        assertThat(ConsoleEnabled.isEnabled(live.withProperty("smsbridge.console.enabled", "true"))).isTrue();
        assertThat(ConsoleEnabled.isEnabled(new MockEnvironment().withProperty("smsbridge.console.enabled", "false")))
                .as("turned off in sandbox mode").isFalse();
    }

    @Test
    void theUsersFileHasAUserALineAndSaysWhatIsWrongWithABadOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "# the console's users\n\nalice OPERATOR {bcrypt}$2a$10$abc\nbob viewer {noop}b\n");
        assertThat(ConsoleSecurity.usersFile(file.toString())).containsExactly(
                new ConsoleProperties.User("alice", "{bcrypt}$2a$10$abc", "OPERATOR"),
                new ConsoleProperties.User("bob", "{noop}b", "viewer"));
        Files.writeString(file, "carol OPERATOR\n");
        assertThatThrownBy(() -> ConsoleSecurity.usersFile(file.toString())).hasMessageContaining("a line must be 'name role password'");
    }

    @Test
    void onlyTheConsolesPathsMeetItsFilterChain() {
        for (String path : new String[] {"/console", "/console/", "/console/messages/1", "/console/login"}) {
            assertThat(ConsoleSecurity.isConsoleRequest(new MockHttpServletRequest("GET", path))).as(path).isTrue();
        }
        for (String path : new String[] {"/consoles", "/twilio/inbound", "/api/messages", "/actuator/health", "/", "/sandbox/console"}) {
            assertThat(ConsoleSecurity.isConsoleRequest(new MockHttpServletRequest("GET", path))).as(path).isFalse();
        }
    }
}
