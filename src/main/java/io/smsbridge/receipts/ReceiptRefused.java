package io.smsbridge.receipts;

/** A receipt that will not be posted however often it is tried (its URL now resolves to a private address): parked. */
public class ReceiptRefused extends RuntimeException {
    public ReceiptRefused(String reason) {
        super(reason);
    }
}
