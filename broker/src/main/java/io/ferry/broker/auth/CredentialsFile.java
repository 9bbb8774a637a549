package io.ferry.broker.auth;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The parsed credentials file: one device per line, {@code username:hash[:clientIdPattern]}; blank lines and lines
 * starting with {@code #} are ignored. The pattern is a Java regular expression the whole clientId must match, in
 * which {@code {username}} stands for the (quoted) username; without one the clientId must equal the username.
 */
final class CredentialsFile {
    static final String DEFAULT_CLIENT_ID_PATTERN = "{username}";

    record Entry(String username, String hash, Pattern clientIds) {
        Entry {
            requireNonNull(username, "username");
            requireNonNull(hash, "hash");
            requireNonNull(clientIds, "clientIds");
        }

        @Override
        public String toString() {
            return "Entry[username=" + username + ", hash=******, clientIds=" + clientIds + "]";
        }
    }

    private final Map<String, Entry> entries;

    private CredentialsFile(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    Entry find(String username) {
        return entries.get(username);
    }

    int size() {
        return entries.size();
    }

    /** Throws IllegalArgumentException naming the first bad line (never printing a hash). */
    static CredentialsFile parse(String text) {
        Map<String, Entry> entries = new HashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Entry entry = parseLine(line, i + 1);
            if (entries.putIfAbsent(entry.username(), entry) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": username '" + entry.username()
                        + "' appears twice");
            }
        }
        return new CredentialsFile(entries);
    }

    private static Entry parseLine(String line, int number) {
        String[] fields = line.split(":", 3);
        if (fields.length < 2 || fields[0].isEmpty() || fields[1].isEmpty()) {
            throw new IllegalArgumentException("line " + number + ": expected username:hash[:clientIdPattern]");
        }
        try {
            PasswordHashes.checkFormat(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + number + " (username " + fields[0] + "): " + e.getMessage());
        }
        String pattern = fields.length == 3 && !fields[2].isEmpty() ? fields[2] : DEFAULT_CLIENT_ID_PATTERN;
        try {
            return new Entry(fields[0], fields[1],
                    Pattern.compile(pattern.replace("{username}", Pattern.quote(fields[0]))));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("line " + number + " (username " + fields[0]
                    + "): bad clientId pattern: " + e.getDescription());
        }
    }
}
