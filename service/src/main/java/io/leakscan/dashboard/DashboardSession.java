package io.leakscan.dashboard;

import io.leakscan.tenant.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * What the dashboard keeps in the servlet session: the signed-in tenant, its key's role and the synchronizer CSRF
 * token. Never the API key itself.
 */
final class DashboardSession {

    static final String TENANT = "io.leakscan.dashboard.tenant";
    static final String ROLE = "io.leakscan.dashboard.role";
    static final String CSRF = "io.leakscan.dashboard.csrf";
    /** Who the audit log names for what this session does: the key it signed in with, as listings show it. */
    static final String ACTOR = "io.leakscan.dashboard.actor";
    /** The form field and the header (for scripted requests) that carry the token. */
    static final String CSRF_PARAMETER = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private DashboardSession() {
    }

    static Optional<UUID> tenant(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty()
                : Optional.ofNullable((UUID) session.getAttribute(TENANT));
    }

    /** The role of the key the session signed in with; read when unknown (fail closed). */
    static Role role(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object role = session == null ? null : session.getAttribute(ROLE);
        return role instanceof Role r ? r : Role.READ;
    }

    /** The session's token, creating the session and the token when there is none (the sign-in form needs one). */
    static String csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        String token = (String) session.getAttribute(CSRF);
        if (token == null) {
            token = newToken();
            session.setAttribute(CSRF, token);
        }
        return token;
    }

    /** True when the request carries the session's token; compared in constant time. */
    static boolean csrfMatches(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String expected = session == null ? null : (String) session.getAttribute(CSRF);
        String presented = request.getHeader(CSRF_HEADER);
        if (presented == null) {
            presented = request.getParameter(CSRF_PARAMETER);
        }
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** Signs the tenant in on a new session id (no fixation) with a fresh token. */
    static void signIn(HttpServletRequest request, UUID tenantId, Role role, String actor) {
        request.getSession(true);
        request.changeSessionId();
        HttpSession session = request.getSession(false);
        session.setAttribute(TENANT, tenantId);
        session.setAttribute(ROLE, role);
        session.setAttribute(ACTOR, actor);
        session.setAttribute(CSRF, newToken());
    }

    static void signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
