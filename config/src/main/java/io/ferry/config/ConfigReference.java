package io.ferry.config;

import java.util.ArrayList;
import java.util.List;

/** Renders setting groups as the Markdown of docs/configuration.md, so the reference cannot drift from the code. */
public final class ConfigReference {
    private ConfigReference() {
    }

    public static String markdown(String title, String intro, List<SettingGroup> groups) {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n").append(intro.strip()).append("\n\n");
        out.append("Sections: ");
        List<String> links = new ArrayList<>();
        for (SettingGroup group : groups) {
            links.add("[" + group.title() + "](#" + anchor(group.title()) + ")");
        }
        out.append(String.join(", ", links)).append(".\n");
        for (SettingGroup group : groups) {
            out.append("\n## ").append(group.title()).append("\n\n").append(group.description().strip())
                    .append("\n\n| Key | Environment | Default | Valid | Meaning |\n|---|---|---|---|---|\n");
            for (Setting<?> setting : group.settings()) {
                out.append(row(setting));
            }
        }
        return out.toString();
    }

    private static String row(Setting<?> setting) {
        String key = setting.type() == Setting.Type.PREFIX ? setting.key() + "*" : setting.key();
        String meaning = setting.doc();
        if (!setting.aliases().isEmpty()) {
            meaning += " Deprecated alias: " + String.join(", ", setting.aliases().stream()
                    .map(alias -> "`" + alias + "`").toList()) + ".";
        }
        if (setting.secret()) {
            meaning += " Secret: masked in logs.";
        }
        String valid = setting.validator().describe();
        if (valid.isEmpty()) {
            valid = switch (setting.type()) {
                case BOOLEAN -> "true, false";
                case DURATION -> "duration";
                case LIST -> "comma list";
                case INT, LONG -> "integer";
                default -> "";
            };
        }
        return "| `" + key + "` | `" + setting.environmentVariable() + "` | " + code(setting.defaultText()) + " | "
                + cell(valid) + " | " + cell(meaning) + " |\n";
    }

    private static String code(String text) {
        if (text.isEmpty()) {
            return "";
        }
        return text.startsWith("(") || text.contains(" ") || text.contains("`") ? cell(text) : "`" + text + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String anchor(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }
}
