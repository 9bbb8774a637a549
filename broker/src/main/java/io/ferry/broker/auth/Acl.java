package io.ferry.broker.auth;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Topic rules for devices, first match wins, no match denies. One rule per line:
 * {@code allow|deny publish|subscribe|all <topic filter> [client:<clientId>|user:<username>]}; {@code #} starts a
 * comment line. {@code {clientId}} and {@code {username}} in a filter stand for the connection's verified clientId
 * and username; a rule whose placeholder has no value (no verified username) or a value that is not one plain
 * topic level ({@code /}, {@code +}, {@code #}) does not apply.
 */
final class Acl {
    enum Action { PUBLISH, SUBSCRIBE, ALL }

    record Rule(boolean allow, Action action, String filter, String client, String user) {
        Rule {
            requireNonNull(action, "action");
            requireNonNull(filter, "filter");
        }

        boolean appliesTo(Identity identity, boolean publish) {
            if (action != Action.ALL && (action == Action.PUBLISH) != publish) {
                return false;
            }
            return (client == null || client.equals(identity.clientId()))
                    && (user == null || user.equals(identity.username()));
        }

        /** The filter with placeholders filled, or null when a placeholder cannot be filled safely. */
        String filterFor(Identity identity) {
            String result = filter;
            if (result.contains("{clientId}")) {
                if (!plainLevel(identity.clientId())) {
                    return null;
                }
                result = result.replace("{clientId}", identity.clientId());
            }
            if (result.contains("{username}")) {
                if (!plainLevel(identity.username())) {
                    return null;
                }
                result = result.replace("{username}", identity.username());
            }
            return result;
        }

        private static boolean plainLevel(String value) {
            return value != null && !value.isEmpty() && value.indexOf('/') < 0 && !TopicFilters.hasWildcard(value);
        }
    }

    private final List<Rule> rules;

    private Acl(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    boolean mayPublish(Identity identity, String topic) {
        for (Rule rule : rules) {
            String filter = rule.appliesTo(identity, true) ? rule.filterFor(identity) : null;
            if (filter != null && TopicFilters.matches(filter, topic)) {
                return rule.allow();
            }
        }
        return false;
    }

    /** An allow rule must cover the whole requested filter; a deny rule applies as soon as it overlaps it. */
    boolean maySubscribe(Identity identity, String requested) {
        for (Rule rule : rules) {
            String filter = rule.appliesTo(identity, false) ? rule.filterFor(identity) : null;
            if (filter == null) {
                continue;
            }
            if (rule.allow() ? TopicFilters.covers(filter, requested) : TopicFilters.overlaps(filter, requested)) {
                return rule.allow();
            }
        }
        return false;
    }

    int size() {
        return rules.size();
    }

    /** Throws IllegalArgumentException naming the first bad line. */
    static Acl parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                rules.add(parseLine(line, i + 1));
            }
        }
        return new Acl(rules);
    }

    private static Rule parseLine(String line, int number) {
        String[] words = line.split("\\s+");
        if (words.length < 3 || words.length > 4) {
            throw new IllegalArgumentException("line " + number
                    + ": expected allow|deny publish|subscribe|all <filter> [client:<id>|user:<name>]");
        }
        String verdict = words[0].toLowerCase(Locale.ROOT);
        if (!verdict.equals("allow") && !verdict.equals("deny")) {
            throw new IllegalArgumentException("line " + number + ": '" + words[0] + "' is not allow or deny");
        }
        Action action;
        try {
            action = Action.valueOf(words[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + number + ": '" + words[1]
                    + "' is not publish, subscribe or all");
        }
        String client = null;
        String user = null;
        if (words.length == 4) {
            if (words[3].startsWith("client:") && words[3].length() > 7) {
                client = words[3].substring(7);
            } else if (words[3].startsWith("user:") && words[3].length() > 5) {
                user = words[3].substring(5);
            } else {
                throw new IllegalArgumentException("line " + number + ": '" + words[3]
                        + "' is not client:<id> or user:<name>");
            }
        }
        checkFilter(words[2], number);
        return new Rule(verdict.equals("allow"), action, words[2], client, user);
    }

    private static void checkFilter(String filter, int number) {
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wildcard = level.equals("+") || level.equals("#");
            if (!wildcard && TopicFilters.hasWildcard(level) || level.equals("#") && i != levels.length - 1) {
                throw new IllegalArgumentException("line " + number + ": '" + filter + "' is not a topic filter");
            }
        }
    }
}
