package io.leakscan.dashboard;

import io.leakscan.tenant.AuditLog;
import io.leakscan.tenant.RequiresRole;
import io.leakscan.tenant.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Guards every dashboard handler (and only those: it looks at the handler's package, after Spring MVC matched the
 * path, so the API under {@code /api/**} and its key filter are untouched): a signed-in session unless the handler is
 * a {@link PublicPage}, the synchronizer CSRF token on every unsafe method, and headers that keep the pages from
 * being framed, sniffed or fed scripts from elsewhere.
 */
@Configuration(proxyBeanMethods = false)
class DashboardAccess implements WebMvcConfigurer, HandlerInterceptor {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod method)
                || !method.getBeanType().getPackageName().equals(DashboardAccess.class.getPackageName())) {
            return true;
        }
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-store");
        if (!SAFE.contains(request.getMethod()) && !DashboardSession.csrfMatches(request)) {
            throw new CsrfRejected();
        }
        if (method.hasMethodAnnotation(PublicPage.class)) {
            return true;
        }
        if (DashboardSession.tenant(request).isPresent()) {
            if (request.getSession(false).getAttribute(DashboardSession.ACTOR) instanceof String actor) {
                request.setAttribute(AuditLog.ACTOR_ATTRIBUTE, actor);
            }
            Role required = required(method);
            if (!DashboardSession.role(request).includes(required)) {
                throw new RoleRefused(required, DashboardSession.role(request));
            }
            return true;
        }
        if (request.getHeader("HX-Request") != null) {
            // an htmx poll of an expired session: send the whole page to the sign-in form
            response.setHeader("HX-Redirect", "/sign-in");
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            return false;
        }
        String next = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        response.sendRedirect("/sign-in" + ("GET".equals(request.getMethod()) && !"/".equals(next)
                ? "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8) : ""));
        return false;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           ModelAndView mav) {
        if (mav != null && handler instanceof HandlerMethod method
                && method.getBeanType().getPackageName().equals(DashboardAccess.class.getPackageName())
                && (mav.getViewName() == null || !mav.getViewName().startsWith("redirect:"))) {
            // every page and fragment can render forms: give them the token
            mav.addObject("csrfToken", DashboardSession.csrfToken(request));
            mav.addObject("signedIn", DashboardSession.tenant(request).isPresent());
            addRoles(mav, request);
        }
    }

    /** What the signed-in key may do, so pages show only the links and buttons that will work. */
    static void addRoles(ModelAndView mav, HttpServletRequest request) {
        Role role = DashboardSession.role(request);
        mav.addObject("canScan", role.includes(Role.SCAN));
        mav.addObject("canAdmin", role.includes(Role.ADMIN));
    }

    /** The same rule as the API's: {@link RequiresRole} on the handler or its class; reading needs only a session. */
    static Role required(HandlerMethod method) {
        RequiresRole onMethod = method.getMethodAnnotation(RequiresRole.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        RequiresRole onClass = method.getBeanType().getAnnotation(RequiresRole.class);
        return onClass != null ? onClass.value() : Role.READ;
    }

    /** A signed-in key whose role does not include what the page needs: 403, never acted on. */
    static final class RoleRefused extends RuntimeException {
        final Role required;
        final Role role;

        RoleRefused(Role required, Role role) {
            super("role " + role.wire() + " lacks " + required.wire(), null, false, false);
            this.required = required;
            this.role = role;
        }
    }

    /** An unsafe request without the session's token: 403, never acted on. */
    static final class CsrfRejected extends RuntimeException {
        CsrfRejected() {
            super("missing or wrong CSRF token", null, false, false);
        }
    }
}
