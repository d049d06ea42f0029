package io.leakscan.dashboard;

import jakarta.servlet.http.HttpSession;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The new-scan form's target header values, held in the session while the form goes back and forth (an import, a
 * row added or removed). The page never shows a value again (a password field comes back empty), so without this a
 * round trip would drop the target's credentials and the scan would go out unauthenticated: every secured route
 * answering 401, its leaks unseen. A row that comes back with its name and no value gets the value held for that name.
 */
final class HeldHeaderValues {

    static final String ATTRIBUTE = "leakscan.newScan.headerValues";

    private HeldHeaderValues() {
    }

    /** Holds the values typed in this request, and gives rows that came back empty the value held for their name. */
    static void holdAndRestore(HttpSession session, ScanForm form) {
        Map<String, String> held = held(session);
        for (ScanForm.HeaderRow row : form.getHeaders()) {
            String name = row.getName() == null ? "" : row.getName().strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            String value = row.getValue() == null ? "" : row.getValue();
            if (!value.isEmpty()) {
                held.put(name, value);
            } else if (held.containsKey(name)) {
                row.setValue(held.get(name));
                row.setKept(true);
            }
        }
        session.setAttribute(ATTRIBUTE, held);
    }

    /** The scan was submitted: nothing is held any longer. */
    static void release(HttpSession session) {
        session.removeAttribute(ATTRIBUTE);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> held(HttpSession session) {
        Object value = session.getAttribute(ATTRIBUTE);
        return value instanceof Map<?, ?> map ? new HashMap<>((Map<String, String>) map) : new HashMap<>();
    }
}
