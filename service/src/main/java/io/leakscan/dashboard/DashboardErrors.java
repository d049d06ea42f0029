package io.leakscan.dashboard;

import io.leakscan.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

import java.util.UUID;

/**
 * Errors of dashboard pages leave as HTML pages, not as the API's problem JSON: this advice covers only this
 * package's controllers and is consulted before the API's {@code @RestControllerAdvice}.
 */
@ControllerAdvice(basePackageClasses = DashboardErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DashboardErrors {

    private static final Logger log = LoggerFactory.getLogger(DashboardErrors.class);

    @ExceptionHandler(ApiException.class)
    ModelAndView api(ApiException e, HttpServletRequest request, HttpServletResponse response) {
        return page(e.status(), e.status() == HttpStatus.NOT_FOUND ? "Not found" : e.title(),
                e.status() == HttpStatus.NOT_FOUND
                        ? "There is no such " + (request.getRequestURI().startsWith("/webhooks")
                        ? "webhook subscription or delivery"
                        : request.getRequestURI().startsWith("/keys") ? "API key" : "scan")
                        + " in your account. It may belong to another tenant or the link is wrong."
                        : e.getMessage(), request, response);
    }

    @ExceptionHandler(DashboardAccess.CsrfRejected.class)
    ModelAndView csrf(HttpServletRequest request, HttpServletResponse response) {
        log.debug("CSRF token missing or wrong on {} {}", request.getMethod(), request.getRequestURI());
        return page(HttpStatus.FORBIDDEN, "Form expired",
                "This form was not sent from a current page of the dashboard (its security token is missing or old). "
                        + "Nothing was changed. Go back, reload the page and try again.", request, response);
    }

    @ExceptionHandler(DashboardAccess.RoleRefused.class)
    ModelAndView role(DashboardAccess.RoleRefused e, HttpServletRequest request, HttpServletResponse response) {
        return page(HttpStatus.FORBIDDEN, "Not allowed", "This needs an API key with the " + e.required.wire()
                + " role; you signed in with a " + e.role.wire() + " key. Nothing was changed.", request, response);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request,
                          HttpServletResponse response) {
        if (e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            return page(HttpStatus.NOT_FOUND, "Not found", "There is nothing at this address.", request, response);
        }
        return page(HttpStatus.BAD_REQUEST, "Bad request", "The value of '" + e.getName() + "' is not valid here.",
                request, response);
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, ServletRequestBindingException.class})
    ModelAndView binding(Exception e, HttpServletRequest request, HttpServletResponse response) {
        return page(HttpStatus.BAD_REQUEST, "Bad request", "The request is missing something this page needs.",
                request, response);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String traceId = UUID.randomUUID().toString();
        log.error("Unhandled error on dashboard page {} (trace id {})", request.getRequestURI(), traceId, e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "Something went wrong on our side. Quote trace id " + traceId + " when reporting it.", request,
                response);
    }

    private static ModelAndView page(HttpStatus status, String title, String message, HttpServletRequest request,
                                     HttpServletResponse response) {
        response.setStatus(status.value());
        response.setHeader("Content-Security-Policy", DashboardAccess.CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        ModelAndView mav = new ModelAndView("dashboard/error", status);
        mav.addObject("status", status.value());
        mav.addObject("title", title);
        mav.addObject("message", message);
        mav.addObject("signedIn", DashboardSession.tenant(request).isPresent());
        mav.addObject("csrfToken", DashboardSession.csrfToken(request));
        DashboardAccess.addRoles(mav, request);
        return mav;
    }
}
