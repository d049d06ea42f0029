package io.leakscan.inventory;

/**
 * A description that cannot be used: it could not be fetched or read, does not parse (the message names the line or
 * the attribute), {@code auto} found nothing (the message lists the paths tried), or a filter matched nothing. The
 * message is one line meant for the user as is.
 */
public final class InventoryException extends RuntimeException {

    public InventoryException(String message) {
        super(message);
    }

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
