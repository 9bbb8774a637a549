package io.ferry.broker.auth;

/**
 * MQTT topic filter arithmetic for ACL rules: whether a filter matches a topic, covers another filter (every topic
 * the second matches, the first matches too), or overlaps it (some topic matches both). As in MQTT, a filter
 * starting with a wildcard does not match topics starting with {@code $}.
 */
final class TopicFilters {
    private TopicFilters() {
    }

    /**
     * A topic name is the filter that matches only itself (MQTT forbids wildcards in a PUBLISH topic; HiveMQ refuses
     * them before the ACL runs), so matching it is covering it.
     */
    static boolean matches(String filter, String topic) {
        return covers(filter, topic);
    }

    static boolean covers(String rule, String requested) {
        if (requested.startsWith("$") && startsWithWildcard(rule)) {
            return false;
        }
        String[] r = rule.split("/", -1);
        String[] q = requested.split("/", -1);
        for (int i = 0; i < r.length; i++) {
            if (r[i].equals("#")) {
                return true;
            }
            if (i >= q.length || q[i].equals("#")) {
                return false;
            }
            if (!r[i].equals("+") && !r[i].equals(q[i])) {
                return false;
            }
        }
        return r.length == q.length;
    }

    static boolean overlaps(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i].equals("#") || y[i].equals("#")) {
                return true;
            }
            if (!x[i].equals("+") && !y[i].equals("+") && !x[i].equals(y[i])) {
                return false;
            }
        }
        if (x.length == y.length) {
            return true;
        }
        // "a/#" also matches "a" itself
        String[] longer = x.length > y.length ? x : y;
        int shorter = Math.min(x.length, y.length);
        return longer.length == shorter + 1 && longer[shorter].equals("#");
    }

    static boolean hasWildcard(String value) {
        return value.indexOf('+') >= 0 || value.indexOf('#') >= 0;
    }

    private static boolean startsWithWildcard(String filter) {
        return filter.startsWith("+") || filter.startsWith("#");
    }
}
