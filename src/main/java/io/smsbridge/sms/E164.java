package io.smsbridge.sms;

import java.util.regex.Pattern;

/** The shape of an E.164 phone number as Twilio writes it: +, country code, up to 15 digits in all. */
public final class E164 {

    private static final Pattern FORMAT = Pattern.compile("^\\+[1-9][0-9]{7,14}$");

    private E164() {
    }

    public static boolean matches(String number) {
        return number != null && FORMAT.matcher(number).matches();
    }
}
