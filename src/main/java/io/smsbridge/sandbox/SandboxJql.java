package io.smsbridge.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of JQL the sandbox Jira understands: clauses joined by AND on {@code project}, {@code cf[N]} / a
 * custom field name, {@code text}, {@code summary}, {@code labels}, {@code status}, {@code statusCategory},
 * {@code created} and {@code updated} (relative times like -14d, -90m), then an optional ORDER BY. Anything else
 * is refused the way Jira refuses a query it cannot parse.
 */
final class SandboxJql {

    private static final Pattern CLAUSE = Pattern.compile(
            "^\\s*(cf\\[\\d+]|\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_]*)\\s*(!=|>=|<=|!~|=|~|>|<)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)\\s*$");
    private static final Pattern ORDER_BY = Pattern.compile("(?i)\\s+ORDER\\s+BY\\s+(\\w+)(\\s+(ASC|DESC))?\\s*$");
    private static final Pattern RELATIVE = Pattern.compile("^-(\\d+)([wdhm])$");

    /** A JQL query the sandbox cannot parse: Jira answers 400 with the message. */
    static final class JqlError extends RuntimeException {
        JqlError(String message) {
            super(message);
        }
    }

    record Query(Predicate<SandboxJiraIssues.Issue> filter, Comparator<SandboxJiraIssues.Issue> order) {
    }

    private SandboxJql() {
    }

    static Query parse(String jql, Instant now) {
        String rest = jql == null ? "" : jql.trim();
        Comparator<SandboxJiraIssues.Issue> order = Comparator.comparing(SandboxJiraIssues.Issue::created).reversed();
        Matcher orderBy = ORDER_BY.matcher(" " + rest);
        if (orderBy.find()) {
            String field = orderBy.group(1).toLowerCase(Locale.ROOT);
            Comparator<SandboxJiraIssues.Issue> by = switch (field) {
                case "updated" -> Comparator.comparing(SandboxJiraIssues.Issue::updated);
                case "created" -> Comparator.comparing(SandboxJiraIssues.Issue::created);
                case "key" -> Comparator.comparingLong(SandboxJiraIssues.Issue::number);
                default -> throw new JqlError("Error in the JQL Query: ordering by '" + field + "' is not supported by the sandbox.");
            };
            order = "DESC".equalsIgnoreCase(orderBy.group(3)) ? by.reversed() : by;
            rest = (" " + rest).substring(0, orderBy.start()).trim();
        }
        Predicate<SandboxJiraIssues.Issue> filter = issue -> true;
        if (!rest.isEmpty()) {
            for (String clause : splitAnd(rest)) {
                filter = filter.and(clause(clause, now));
            }
        }
        return new Query(filter, order);
    }

    /** Splits on AND outside quotes; OR and parentheses are not part of the subset. */
    private static List<String> splitAnd(String jql) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < jql.length(); i++) {
            char c = jql.charAt(i);
            if (c == '\\' && quoted && i + 1 < jql.length()) {
                current.append(c).append(jql.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && jql.regionMatches(true, i, " AND ", 0, 5)) {
                clauses.add(current.toString());
                current.setLength(0);
                i += 4;
                continue;
            }
            if (!quoted && (c == '(' || c == ')' || jql.regionMatches(true, i, " OR ", 0, 4))) {
                throw new JqlError("Error in the JQL Query: the sandbox supports clauses joined by AND only.");
            }
            current.append(c);
        }
        clauses.add(current.toString());
        return clauses;
    }

    private static Predicate<SandboxJiraIssues.Issue> clause(String clause, Instant now) {
        Matcher m = CLAUSE.matcher(clause);
        if (!m.matches()) {
            throw new JqlError("Error in the JQL Query: cannot read '" + clause.trim() + "'.");
        }
        String field = unquote(m.group(1));
        String op = m.group(2);
        String value = unquote(m.group(3));
        String lower = field.toLowerCase(Locale.ROOT);
        if (lower.startsWith("cf[")) {
            return text(op, "customfield_" + lower.substring(3, lower.length() - 1), value);
        }
        return switch (lower) {
            case "project" -> equality(op, field, i -> i.projectKey().equalsIgnoreCase(value));
            case "status" -> equality(op, field, i -> i.status().equalsIgnoreCase(value));
            case "statuscategory" -> equality(op, field, i -> i.statusCategoryName().equalsIgnoreCase(value)
                    || i.statusCategoryKey().equalsIgnoreCase(value));
            case "labels" -> equality(op, field, i -> i.labels().contains(value));
            case "text", "summary" -> text(op, lower, value);
            case "created", "updated" -> time(op, lower, value, now);
            default -> lower.startsWith("customfield_") ? text(op, lower, value)
                    : throw_("Error in the JQL Query: field '" + field + "' is not supported by the sandbox.");
        };
    }

    private static Predicate<SandboxJiraIssues.Issue> equality(String op, String field, Predicate<SandboxJiraIssues.Issue> equals) {
        return switch (op) {
            case "=" -> equals;
            case "!=" -> equals.negate();
            default -> throw_("Error in the JQL Query: the operator '" + op + "' is not supported by the field '" + field + "'.");
        };
    }

    /** Jira's ~ is a word search: a quoted phrase (\"...\") or words, all of which must occur, case-insensitive. */
    private static Predicate<SandboxJiraIssues.Issue> text(String op, String field, String value) {
        if (!op.equals("~") && !op.equals("!~")) {
            throw new JqlError("Error in the JQL Query: the operator '" + op + "' is not supported by the field '" + field + "'.");
        }
        String needle = value.replace("\\\"", "\"").replace("\"", "").toLowerCase(Locale.ROOT).trim();
        Predicate<SandboxJiraIssues.Issue> contains = issue -> issue.searchableText(field).toLowerCase(Locale.ROOT).contains(needle);
        return op.equals("~") ? contains : contains.negate();
    }

    private static Predicate<SandboxJiraIssues.Issue> time(String op, String field, String value, Instant now) {
        Matcher relative = RELATIVE.matcher(value);
        if (!relative.matches()) {
            throw new JqlError("Error in the JQL Query: the sandbox reads relative times such as -14d or -90m, not '" + value + "'.");
        }
        long amount = Long.parseLong(relative.group(1));
        Duration ago = switch (relative.group(2)) {
            case "w" -> Duration.ofDays(7 * amount);
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMinutes(amount);
        };
        Instant bound = now.minus(ago);
        return issue -> {
            Instant t = field.equals("created") ? issue.created() : issue.updated();
            return switch (op) {
                case ">=" -> !t.isBefore(bound);
                case ">" -> t.isAfter(bound);
                case "<=" -> !t.isAfter(bound);
                case "<" -> t.isBefore(bound);
                default -> throw new JqlError("Error in the JQL Query: the operator '" + op + "' is not supported by the field '" + field + "'.");
            };
        };
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static <T> T throw_(String message) {
        throw new JqlError(message);
    }
}
