package io.leakscan.inventory;

import java.net.URI;

/** Fetches a description over HTTP. The production one goes through the guarded target client. */
@FunctionalInterface
public interface DescriptionFetcher {

    /**
     * @return the answer, whatever its status
     * @throws InventoryException when there is no HTTP answer (refused address, connection failure, timeout); its
     *                            message says why in one line
     */
    Answer get(URI url);

    /** An HTTP answer: status, the Content-Type (or null) and the body as text. */
    record Answer(int status, String contentType, String body) {
        public Answer {
            body = body == null ? "" : body;
        }
    }
}
