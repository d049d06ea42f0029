package io.leakscan.inventory;

/**
 * A description that cannot be used: it could not be fetched or read, does not parse (the message names the line or
 * the attribute), {@code auto} found nothing (the message lists the paths tried), or a filter matched nothing. The
 * message is one line meant for the user as is.
 */
public final class InventoryException extends RuntimeException {

    /** Which input a glob error is about: {@code include} or {@code exclude}; null when it is the description. */
    private final String filter;

    public InventoryException(String message) {
        super(message);
        this.filter = null;
    }

    private InventoryException(String filter, String message) {
        super(message);
        this.filter = filter;
    }

    /** A glob that is malformed or matches nothing; {@code kind} is {@code include} or {@code exclude}. */
    static InventoryException glob(String kind, String message) {
        return new InventoryException(kind, message);
    }

    /** {@code include} or {@code exclude} when a glob is at fault, so an API can name the field; else null. */
    public String filter() {
        return filter;
    }

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
        this.filter = null;
    }
}
