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
 * key. Runs after path matching, so no spelling of a URL can reach a handler with the wrong kind of key.
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
        }
        return true;
    }
}
