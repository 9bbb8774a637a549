package io.ferry.client.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Byte sizes as typed: {@code 65536}, {@code 64k}, {@code 64KiB}, {@code 1m}, {@code 1MiB} (binary units). */
final class SizeConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        return parse(value);
    }

    static int parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long factor = 1;
        if (text.endsWith("k")) {
            factor = 1024;
        } else if (text.endsWith("m")) {
            factor = 1024 * 1024;
        } else if (text.endsWith("g")) {
            factor = 1024 * 1024 * 1024;
        }
        String digits = factor == 1 ? text : text.substring(0, text.length() - 1);
        try {
            long bytes = Long.parseLong(digits.trim()) * factor;
            if (bytes < 0 || bytes > Integer.MAX_VALUE) {
                throw new CommandLine.TypeConversionException("size out of range: " + value);
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a size (e.g. 65536, 64k, 1m): " + value);
        }
    }
}
