package io.leakscan.tenant;

import io.leakscan.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Binds keys to handlers: {@link AdminApi} controllers need the admin key, every other {@code /api/} handler a tenant
 * key whose {@link Role} includes the handler's ({@link #required}); too small a role is 403. Runs after path matching, so no spelling of a URL can reach a handler with the wrong kind of key.
 */
@Configuration(proxyBeanMethods = false)
class ApiAccessInterceptor implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        boolean admin = Boolean.TRUE.equals(request.getAttribute(Tenants.ADMIN_ATTRIBUTE));
        boolean tenant = request.getAttribute(Tenants.TENANT_ATTRIBUTE) != null;
        if (method.getBeanType().isAnnotationPresent(AdminApi.class)) {
            if (!admin) {
                throw new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized",
                        "This needs the admin key (leakscan.admin.api-key).");
            }
        } else if (!tenant) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", "This needs a tenant's API key.");
        } else {
            Role required = required(method, request.getMethod());
            Role role = (Role) request.getAttribute(Tenants.ROLE_ATTRIBUTE);
            if (role == null || !role.includes(required)) {
                throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden", "This needs a key with the "
                        + required.wire() + " role; this key has the " + (role == null ? "no" : role.wire())
                        + " role.").property("requiredRole", required.wire());
            }
        }
        return true;
    }

    /** The handler's {@link RequiresRole}, else read for GET and HEAD and admin for anything that changes state. */
    static Role required(HandlerMethod method, String httpMethod) {
        RequiresRole onMethod = method.getMethodAnnotation(RequiresRole.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        RequiresRole onClass = method.getBeanType().getAnnotation(RequiresRole.class);
        if (onClass != null) {
            return onClass.value();
        }
        return "GET".equals(httpMethod) || "HEAD".equals(httpMethod) ? Role.READ : Role.ADMIN;
    }
}
