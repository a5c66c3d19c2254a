package io.smsbridge.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.sms.SmsSegments.Count;
import io.smsbridge.sms.SmsSegments.Encoding;
import org.junit.jupiter.api.Test;

/** Segment counting as in TWILIO-FACTS.md: GSM-7 160/153 with two-septet extensions, UCS-2 70/67, no split pairs. */
class SmsSegmentsTest {

    @Test
    void gsm7FitsOneSegmentUpTo160Septets() {
        assertThat(SmsSegments.count("a".repeat(160))).isEqualTo(new Count(Encoding.GSM7, 160, 1));
        assertThat(SmsSegments.count("a".repeat(161))).isEqualTo(new Count(Encoding.GSM7, 161, 2));
        assertThat(SmsSegments.count("a".repeat(306))).isEqualTo(new Count(Encoding.GSM7, 306, 2));
        assertThat(SmsSegments.count("a".repeat(307))).isEqualTo(new Count(Encoding.GSM7, 307, 3));
    }

    @Test
    void extensionCharactersCostTwoSeptetsAndAreNeverSplit() {
        assertThat(SmsSegments.count("€".repeat(80))).isEqualTo(new Count(Encoding.GSM7, 160, 1));
        assertThat(SmsSegments.count("€".repeat(81)).segments()).isEqualTo(2);
        // 152 septets then an escape pair: the pair cannot straddle the 153-septet boundary
        assertThat(SmsSegments.count("a".repeat(152) + "{" + "a".repeat(10))).isEqualTo(new Count(Encoding.GSM7, 164, 2));
        assertThat(SmsSegments.count("a".repeat(152) + "{" + "a".repeat(152))).isEqualTo(new Count(Encoding.GSM7, 306, 3));
    }

    @Test
    void anyCharacterOutsideGsm7SwitchesToUcs2() {
        assertThat(SmsSegments.count("Café ✓")).isEqualTo(new Count(Encoding.UCS2, 6, 1));
        assertThat(SmsSegments.count("✓".repeat(70)).segments()).isEqualTo(1);
        assertThat(SmsSegments.count("✓".repeat(71)).segments()).isEqualTo(2);
        assertThat(SmsSegments.count("✓".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsSegments.count("✓".repeat(135)).segments()).isEqualTo(3);
    }

    @Test
    void surrogatePairsCountTwoAndStayTogether() {
        String emoji = "😀"; // two UTF-16 units
        assertThat(SmsSegments.count(emoji.repeat(35))).isEqualTo(new Count(Encoding.UCS2, 70, 1));
        // 66 units then a pair: the pair moves whole into the second segment
        assertThat(SmsSegments.count("✓".repeat(66) + emoji + "✓".repeat(4)).segments()).isEqualTo(2);
        assertThat(SmsSegments.count("✓".repeat(66) + emoji + "✓".repeat(66)).segments()).isEqualTo(3);
    }

    @Test
    void emptyTextHasNoSegments() {
        assertThat(SmsSegments.count("")).isEqualTo(new Count(Encoding.GSM7, 0, 0));
    }
}
