package io.ferry.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

/**
 * EMQX's file name rules ({@code emqx_ft_fs_util:is_filename_safe}) and id escaping
 * ({@code emqx_ft_fs_util:escape_filename/1}), used for init names and for every path or key a sink derives from a
 * clientId or fileId.
 */
public final class FileNames {
    private FileNames() {
    }

    /** Null when {@code name} is a safe file name, else the reason: empty, special, unsafe or nonprintable. */
    public static String whyUnsafe(String name) {
        if (name.isEmpty()) {
            return "empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "special";
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '/' || cp == '\\' || cp == ':') {
                return "unsafe";
            }
            if (!isPrintable(cp)) {
                return "nonprintable";
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** Printable as EMQX defines it: U+0020–U+007E, U+00A0–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. */
    public static boolean isPrintable(int cp) {
        return (cp >= 0x20 && cp <= 0x7E)
                || (cp >= 0xA0 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    /**
     * Escapes an id for use as one path level or key level: {@code % : \ /} and non-printable characters become
     * {@code %XX} per UTF-8 byte (uppercase), and exactly "." and ".." are fully encoded. A result can never be
     * empty, ".", "..", or contain a separator.
     */
    public static String escape(String id) {
        if (id.equals(".")) {
            return "%2E";
        }
        if (id.equals("..")) {
            return "%2E%2E";
        }
        StringBuilder out = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); ) {
            int cp = id.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == '%' || cp == ':' || cp == '\\' || cp == '/' || !isPrintable(cp)) {
                for (byte b : id.substring(i, next).getBytes(UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            } else {
                out.appendCodePoint(cp);
            }
            i = next;
        }
        return out.toString();
    }

    /** Reverses {@link #escape(String)}; accepts lowercase hex too. */
    public static String unescape(String escaped) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(escaped.length());
        for (int i = 0; i < escaped.length(); ) {
            char c = escaped.charAt(i);
            if (c == '%' && i + 2 < escaped.length()
                    && Character.digit(escaped.charAt(i + 1), 16) >= 0
                    && Character.digit(escaped.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = escaped.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(UTF_8);
    }
}
