package io.leakscan.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Optional;
import java.util.UUID;

/** Sign-in with a tenant's API key, and sign-out. The key is checked once and never stored in the session. */
@Controller
@Hidden // pages, not API: kept out of the OpenAPI description
class SignInController {

    private final ApiKeys keys;

    SignInController(ApiKeys keys) {
        this.keys = keys;
    }

    @PublicPage
    @GetMapping("/sign-in")
    String form(@RequestParam(required = false) String next, @RequestParam(required = false) String signedOut,
                HttpServletRequest request, Model model) {
        if (DashboardSession.tenant(request).isPresent()) {
            return "redirect:" + safeNext(next);
        }
        model.addAttribute("next", safeNext(next));
        model.addAttribute("signedOut", signedOut != null);
        return "dashboard/sign-in";
    }

    @PublicPage
    @PostMapping("/sign-in")
    String signIn(@RequestParam(defaultValue = "") String apiKey, @RequestParam(required = false) String next,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<Caller> caller = keys.usable(apiKey.strip());
        if (caller.isEmpty()) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("next", safeNext(next));
            model.addAttribute("error", apiKey.isBlank() ? "Enter an API key."
                    : "This API key is unknown, revoked or expired.");
            return "dashboard/sign-in";
        }
        keys.recordUse(caller.get());
        DashboardSession.signIn(request, caller.get().tenantId(), caller.get().role(),
                "dashboard, key " + ApiKeys.shown(apiKey.strip()) + "…");
        return "redirect:" + safeNext(next);
    }

    @PostMapping("/sign-out")
    String signOut(HttpServletRequest request) {
        DashboardSession.signOut(request);
        return "redirect:/sign-in?signedOut";
    }

    /** Only a path on this site: {@code //evil.example} or {@code /\evil.example} would leave it. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "/";
        }
        return next;
    }
}
