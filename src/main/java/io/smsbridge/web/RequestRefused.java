package io.smsbridge.web;

/**
 * A request the bridge cannot take as sent, with the HTTP status that says why (400, 415): the client's fault, nothing
 * to retry. The routes' error configurations answer it with its status and reason.
 */
public class RequestRefused extends RuntimeException {

    private final int status;

    public RequestRefused(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
