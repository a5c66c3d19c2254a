package io.smsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The sandbox Jira's injected latency holds requests for as long as the fault is in force, no longer. */
class SandboxJiraLatencyTest {

    final SandboxJiraApi jira = new SandboxJiraApi(new SandboxJiraIssues(), null, new ObjectMapper(), new MockEnvironment());

    @Test
    void aRequestHeldByAnInjectedLatencyIsAnsweredOnceTheFaultIsCleared() throws Exception {
        jira.setFaults(new SandboxJiraApi.Faults(0, 0, 120_000, 0, 0)); // Jira says nothing for two minutes
        CompletableFuture<Object> held = CompletableFuture.supplyAsync(() -> {
            try {
                return jira.getIssue("2", "SUP-1", null, null);
            } catch (Exception e) {
                return e;
            }
        });
        assertThatThrownBy(() -> held.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        jira.clearFaults();

        // answered at once (here: refused, no credentials), not two minutes later
        assertThat(held.get(5, TimeUnit.SECONDS)).isInstanceOf(SandboxJiraApi.JiraError.class);
    }
}
