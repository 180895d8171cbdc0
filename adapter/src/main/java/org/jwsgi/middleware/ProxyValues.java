package org.jwsgi.middleware;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks and parsing for {@link ProxyFix}: everything here returns {@code null} for a
 * value it does not fully understand, so a malformed header changes nothing. Nothing is
 * resolved: a value must already be an address.
 */
final class ProxyValues {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})");
    private static final Pattern PORT = Pattern.compile("[1-9]\\d{0,4}");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private ProxyValues() {
    }

    /**
     * The client address in {@code value}: {@code 203.0.113.9}, {@code 203.0.113.9:4711},
     * {@code 2001:db8::1}, {@code [2001:db8::1]}, {@code [2001:db8::1]:4711}; else {@code null}.
     */
    static String address(String value) {
        String v = value.strip();
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            String rest = end < 0 ? null : v.substring(end + 1);
            if (rest == null || !(rest.isEmpty() || rest.startsWith(":") && port(rest.substring(1)))) {
                return null;
            }
            v = v.substring(1, end);
            return ipv6(v) ? v : null;
        }
        int colon = v.indexOf(':');
        if (colon > 0 && colon == v.lastIndexOf(':')) { // IPv4 with a port
            return port(v.substring(colon + 1)) && IPV4.matcher(v.substring(0, colon)).matches() ? v.substring(0, colon) : null;
        }
        return IPV4.matcher(v).matches() || ipv6(v) ? v : null;
    }

    /** {@code {name, port or null}} of a Host value ({@code example.org:8443}, {@code [::1]:80}), or {@code null}. */
    static String[] hostAndPort(String host) {
        String name = host;
        String port = null;
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && host.lastIndexOf(']') < colon) {
            name = host.substring(0, colon);
            port = host.substring(colon + 1);
            if (!port(port)) {
                return null;
            }
        }
        boolean ok = name.startsWith("[") ? name.endsWith("]") && ipv6(name.substring(1, name.length() - 1))
                : NAME.matcher(name).matches();
        return ok ? new String[] {name, port} : null;
    }

    /** Whether {@code s} is a port, 1 to 65535. */
    static boolean port(String s) {
        return PORT.matcher(s).matches() && Integer.parseInt(s) <= 65535;
    }

    private static boolean ipv6(String s) {
        if (!IPV6.matcher(s).matches() || s.indexOf(':') < 0 || s.charAt(0) == '.') {
            return false;
        }
        try {
            // in brackets the JDK parses an IPv6 literal or fails; it never falls back to a DNS lookup
            java.net.InetAddress.getByName("[" + s + "]");
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * The elements of an RFC 7239 {@code Forwarded} header, each a map of lower-cased parameter
     * names to values (quotes removed); {@code null} if any part of it is malformed.
     */
    static List<Map<String, String>> forwardedElements(String header) {
        List<Map<String, String>> elements = new ArrayList<>();
        Map<String, String> current = new HashMap<>();
        int i = 0;
        int n = header.length();
        while (true) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String name = header.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            if (!TOKEN.matcher(name).matches() || current.containsKey(name)) {
                return null; // RFC 7239 section 4: a parameter appears at most once per element
            }
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && header.charAt(i) == '"') {
                for (i++; i < n && header.charAt(i) != '"'; i++) {
                    if (header.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(header.charAt(i));
                }
                if (i >= n) {
                    return null; // an unterminated quoted-string
                }
                i++;
            } else {
                int start = i;
                while (i < n && ";, \t".indexOf(header.charAt(i)) < 0) {
                    i++;
                }
                value.append(header, start, i);
                if (!TOKEN.matcher(value).matches()) {
                    return null;
                }
            }
            current.put(name, value.toString());
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                elements.add(current);
                return elements;
            }
            char sep = header.charAt(i++);
            if (sep == ',') {
                elements.add(current);
                current = new HashMap<>();
            } else if (sep != ';') {
                return null;
            }
        }
    }
}
