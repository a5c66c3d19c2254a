package io.smsbridge.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What a medium's bytes are, and which addresses a redirect may not lead to. */
class TwilioMediaTest {

    @Test
    void theBytesSayWhatTheyAre() {
        byte[] png = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        assertThat(TwilioMedia.sniff(png)).first().isEqualTo("image/png");
        assertThat(TwilioMedia.sniff("%PDF-1.4 x".getBytes(StandardCharsets.US_ASCII))).first().isEqualTo("application/pdf");
        assertThat(TwilioMedia.sniff("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n".getBytes(StandardCharsets.US_ASCII))).contains("text/vcard");
        assertThat(TwilioMedia.sniff("{\"status\":\"UP\"}".getBytes(StandardCharsets.US_ASCII))).noneMatch(t -> t.startsWith("image/"));
        assertThat(TwilioMedia.sniff(new byte[] {0x4d, 0x5a, 0, 0})).noneMatch(t -> t.startsWith("image/"));
    }

    @Test
    void loopbackLinkLocalAndPrivateAddressesAreInternal() throws Exception {
        for (String internal : new String[] {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "fe80::1", "fd00::1", "0.0.0.0"}) {
            assertThat(TwilioMedia.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        for (String external : new String[] {"54.172.60.0", "8.8.8.8", "2600:1f18::1"}) {
            assertThat(TwilioMedia.isInternal(InetAddress.getByName(external))).as(external).isFalse();
        }
    }
}
