package io.smsbridge.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The receipt signature a producer verifies, and the statusCallbackUrls the bridge refuses to post to. */
class ReceiptSignatureTest {

    private static final String SECRET = "whsec-test";
    private static final String BODY = "{\"type\":\"delivered\",\"messageId\":\"m-1\"}";

    @Test
    void aReceiptVerifiesWithItsSecretOnly() {
        String header = ReceiptSignature.sign(SECRET, 1_800_000_000L, BODY);
        assertThat(header).matches("t=1800000000,v1=[0-9a-f]{64}");
        assertThat(ReceiptSignature.verify(SECRET, header, BODY, 1_800_000_010L, 300)).isTrue();
        assertThat(ReceiptSignature.verify("another-secret", header, BODY, 1_800_000_010L, 300)).as("other secret").isFalse();
    }

    @Test
    void aForgedOrReplayedReceiptFailsVerification() {
        String header = ReceiptSignature.sign(SECRET, 1_800_000_000L, BODY);
        assertThat(ReceiptSignature.verify(SECRET, header, BODY.replace("delivered", "failed"), 1_800_000_000L, 300)).as("body changed").isFalse();
        assertThat(ReceiptSignature.verify(SECRET, header.replace("t=1800000000", "t=1800000001"), BODY, 1_800_000_000L, 300)).as("time changed").isFalse();
        assertThat(ReceiptSignature.verify(SECRET, header, BODY, 1_800_000_000L + 301, 300)).as("replayed later").isFalse();
        assertThat(ReceiptSignature.verify(SECRET, "v1=00", BODY, 1_800_000_000L, 300)).isFalse();
        assertThat(ReceiptSignature.verify(SECRET, null, BODY, 1_800_000_000L, 300)).isFalse();
    }

    @Test
    void urlsToThisMachineOrItsNetworkAreRefused() throws Exception {
        assertThat(ReceiptUrls.problem("https://hooks.example.com/sms?x=1", false)).isNull();
        assertThat(ReceiptUrls.problem("ftp://hooks.example.com/", false)).contains("http or https");
        assertThat(ReceiptUrls.problem("/relative", false)).contains("absolute");
        assertThat(ReceiptUrls.problem("https://user:pw@hooks.example.com/", false)).contains("credentials");
        for (String local : new String[]{"http://localhost:8080/actuator", "http://127.0.0.1/", "http://10.0.0.8/", "http://192.168.1.1/",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[fd00::1]/", "http://0.0.0.0/", "http://api.localhost/"}) {
            assertThat(ReceiptUrls.problem(local, false)).as(local).contains("local or private");
            assertThat(ReceiptUrls.problem(local, true)).as(local + " when allowed").isNull();
        }
        assertThat(ReceiptUrls.problem("https://hooks.example.com/" + "x".repeat(2100), false)).contains("2048");
        assertThat(ReceiptUrls.isPrivate(InetAddress.getByName("8.8.8.8"))).isFalse();
    }
}
