package org.jwsgi.validate;

import java.util.Objects;

/**
 * A broken WSGI contract rule, found by {@link Validator}. An {@link AssertionError}, as
 * {@code wsgiref.validate} raises {@code AssertionError}: it marks a bug in the application or
 * the server, not a condition a program should handle. The message names the side at fault, the
 * rule and the offending value, quoted:
 *
 * <pre>{@code
 * application broke HEADER_STATUS (no header is named Status: ...): "Status"
 * }</pre>
 *
 * <pre>{@code
 * WsgiViolation v = assertThrows(WsgiViolation.class, () -> client.get("/"));
 * assertEquals(Rule.START_RESPONSE_TWICE, v.rule());
 * }</pre>
 */
public final class WsgiViolation extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final Rule rule;
    private final String detail;

    /**
     * @param rule the rule broken
     * @param detail what happened, with the offending value quoted
     */
    public WsgiViolation(Rule rule, String detail) {
        super(Objects.requireNonNull(rule, "rule").side() + " broke " + rule.name() + " ("
                + rule.description() + "): " + Objects.requireNonNull(detail, "detail"));
        this.rule = rule;
        this.detail = detail;
    }

    /** The rule broken. */
    public Rule rule() {
        return rule;
    }

    /** The side at fault: {@code rule().side()}. */
    public Rule.Side side() {
        return rule.side();
    }

    /** What happened, with the offending value quoted; the message without the rule's name. */
    public String detail() {
        return detail;
    }
}
