package io.smsbridge.receipts;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether a producer's statusCallbackUrl may be posted to: an absolute http(s) URL of at most 2,048 characters whose
 * host is not the bridge's own machine or network (loopback, private, link-local, unique-local, any-local or
 * multicast addresses), unless {@code smsbridge.receipts.allow-private-hosts}. Checked on intake by the URL's text and
 * again before every post on the addresses its host resolves to then (a name may resolve elsewhere by then).
 */
public final class ReceiptUrls {

    static final int MAX_LENGTH = 2048;

    private ReceiptUrls() {
    }

    /** What is wrong with the URL as written, or null. */
    public static String problem(String url, boolean allowPrivateHosts) {
        if (url.length() > MAX_LENGTH) {
            return "statusCallbackUrl is longer than " + MAX_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "statusCallbackUrl is not a URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            return "statusCallbackUrl must be an absolute http or https URL with a host";
        }
        if (uri.getUserInfo() != null) {
            return "statusCallbackUrl must not carry credentials";
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!allowPrivateHosts && (host.equals("localhost") || host.endsWith(".localhost") || isPrivateLiteral(host))) {
            return "statusCallbackUrl names a local or private address (" + host + ")";
        }
        return null;
    }

    /** Whether the URL's host resolves only to public addresses (or private ones are allowed); false if it does not resolve. */
    static boolean resolvesToAllowedAddresses(String url, boolean allowPrivateHosts) {
        if (problem(url, allowPrivateHosts) != null) {
            return false;
        }
        if (allowPrivateHosts) {
            return true;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(URI.create(url).getHost())) {
                if (isPrivate(address)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isPrivateLiteral(String host) {
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
            return false; // a name: resolved before each post
        }
        try {
            return isPrivate(InetAddress.getByName(literal)); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return true;
        }
    }

    static boolean isPrivate(InetAddress address) {
        boolean uniqueLocal = address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;   // fc00::/7
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocal;
    }
}
