package io.smsbridge.ticket;

/**
 * The two Jiras the bridge talks to. They share the REST resources it uses and differ in version, search resource
 * and how rich text is written: Cloud's REST v3 takes Atlassian Document Format, Data Center's v2 plain strings.
 */
public enum JiraFlavour {
    CLOUD("cloud", "3", "/rest/api/3/search/jql"),
    DATA_CENTER("data-center", "2", "/rest/api/2/search");

    private final String label;
    private final String restVersion;
    private final String searchPath;

    JiraFlavour(String label, String restVersion, String searchPath) {
        this.label = label;
        this.restVersion = restVersion;
        this.searchPath = searchPath;
    }

    public static JiraFlavour of(String name) {
        for (JiraFlavour f : values()) {
            if (f.label.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalStateException("smsbridge.jira.flavour (SMSBRIDGE_JIRA_FLAVOUR) must be 'cloud' or 'data-center', not '" + name + "'");
    }

    public String label() {
        return label;
    }

    public String restVersion() {
        return restVersion;
    }

    /** e.g. /rest/api/3 */
    public String api() {
        return "/rest/api/" + restVersion;
    }

    public String searchPath() {
        return searchPath;
    }

    /** Rich text as this flavour's REST API takes it: an ADF document (v3) or the string itself (v2). */
    public Object richText(String text) {
        return this == CLOUD ? JiraText.toAdf(text) : text;
    }
}
