package io.smsbridge.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Phone numbers as logs show them: the country code and the last digits, the rest starred ({@code +1*******23}), so
 * that a log line can be matched to a person only by someone who already has their number. Settings:
 * {@code smsbridge.logging.mask-phones} (true; false only to debug) and {@code smsbridge.logging.phone-digits} (2 to 4
 * last digits shown). Static, because log statements everywhere use it; the bean sets it from configuration.
 */
@Component("phoneMask")
public class PhoneMask {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static volatile boolean masking = true;
    private static volatile int lastDigits = 2;

    public PhoneMask(@Value("${smsbridge.logging.mask-phones:true}") boolean mask,
                     @Value("${smsbridge.logging.phone-digits:2}") int digits) {
        configure(mask, digits);
    }

    static void configure(boolean mask, int digits) {
        masking = mask;
        lastDigits = Math.max(2, Math.min(4, digits));
    }

    /** The number as a log may show it; anything that is not a phone number (a Messaging Service SID) unchanged. */
    public static String mask(String phone) {
        return masking ? maskAlways(phone) : phone;
    }

    /** The number masked whatever the logs' setting (the console's viewers never see numbers whole). */
    public static String maskAlways(String phone) {
        if (phone == null || !phone.startsWith("+") || phone.length() < 8) {
            return phone;
        }
        String digits = phone.substring(1);
        int countryCode;
        try {
            countryCode = PHONES.parse(phone, null).getCountryCode();
        } catch (NumberParseException e) {
            countryCode = -1;
        }
        String cc = countryCode > 0 && digits.startsWith(String.valueOf(countryCode)) ? String.valueOf(countryCode) : "";
        int hidden = Math.max(0, digits.length() - cc.length() - lastDigits);
        return "+" + cc + "*".repeat(hidden) + digits.substring(cc.length() + hidden);
    }

    /** For routes: {@code ${bean:phoneMask?method=of(${variable.inbound.from})}}. */
    public String of(String phone) {
        return mask(phone);
    }
}
