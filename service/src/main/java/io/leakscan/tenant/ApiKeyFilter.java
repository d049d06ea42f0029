package io.leakscan.tenant;

import io.leakscan.system.DatabaseUnavailable;
import io.leakscan.system.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <key>} for everything under {@code /api/}: no key or an unknown one is 401 here. A
 * tenant key puts its tenant's id in {@link Tenants#TENANT_ATTRIBUTE} and its role in {@link Tenants#ROLE_ATTRIBUTE}
 * (an expired one is 401 too), the admin key sets {@link Tenants#ADMIN_ATTRIBUTE}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ApiKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeys keys;
    private final RefusalLog refusals;

    /** Web slice tests have no Clock bean: the filter is in every slice, so it falls back to the system clock. */
    @Autowired
    ApiKeyFilter(ApiKeys keys, ObjectProvider<Clock> clock) {
        this(keys, clock.getIfAvailable(Clock::systemUTC));
    }

    ApiKeyFilter(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.refusals = new RefusalLog(log, clock);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = bearer(request);
        if (key == null) {
            unauthorized(request, response, "Send an API key as 'Authorization: Bearer <key>'.");
            return;
        }
        // Which key may call which handler is decided per handler by ApiAccessInterceptor, after Spring MVC has
        // decoded and matched the path: a check on the raw URI here could be dodged with %-encoding.
        if (keys.isAdmin(key)) {
            request.setAttribute(Tenants.ADMIN_ATTRIBUTE, Boolean.TRUE);
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller;
        try {
            caller = keys.resolve(key);
            if (caller.isPresent() && !keys.expired(caller.get())) {
                keys.recordUse(caller.get());
            }
        } catch (RuntimeException e) {
            if (!DatabaseUnavailable.is(e)) {
                throw e;
            }
            // answered here: an exception leaving the filter is logged by the container with its stack trace
            refusals.refused(request.getMethod(), request.getRequestURI(), e);
            DatabaseUnavailable.write(response, request.getRequestURI());
            return;
        }
        if (caller.isEmpty()) {
            unauthorized(request, response, "The API key is unknown or revoked.");
            return;
        }
        if (keys.expired(caller.get())) {
            unauthorized(request, response, "The API key expired at " + caller.get().expiresAt() + ".");
            return;
        }
        request.setAttribute(Tenants.TENANT_ATTRIBUTE, caller.get().tenantId());
        request.setAttribute(Tenants.ROLE_ATTRIBUTE, caller.get().role());
        request.setAttribute(AuditLog.ACTOR_ATTRIBUTE, "key " + ApiKeys.shown(key) + "…");
        chain.doFilter(request, response);
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = header.substring(7).strip();
        return key.isEmpty() ? null : key;
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"leakscan\"");
        Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail,
                request.getRequestURI());
    }
}
