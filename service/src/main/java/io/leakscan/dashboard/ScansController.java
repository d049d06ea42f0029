package io.leakscan.dashboard;

import io.leakscan.report.ReportFormat;
import io.leakscan.report.ScanReport;
import io.swagger.v3.oas.annotations.Hidden;
import io.leakscan.report.FindingView;
import io.leakscan.report.ReportOptions;
import io.leakscan.scan.InventoryImports;
import io.leakscan.scan.Profile;
import io.leakscan.scan.ScanEventStream;
import io.leakscan.scan.ScanPage;
import io.leakscan.scan.ScanResource;
import io.leakscan.scan.ScanComparison;
import io.leakscan.scan.ScanResults;
import io.leakscan.scan.ScanService;
import io.leakscan.scan.ScanState;
import io.leakscan.system.ApiException;
import io.leakscan.tenant.RequiresRole;
import io.leakscan.tenant.Role;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Validator;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.SessionAttribute;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The scans list, the new-scan form and the live status of one scan. Thin: a {@link ScanService} call each. */
@Controller
@Hidden // pages, not API: kept out of the OpenAPI description
class ScansController {

    static final int PAGE_SIZE = 20;

    private final ScanService scans;
    private final ScanResults results;
    private final Validator validator;
    private final ScanEventStream events;
    private final InventoryImports imports;
    private final ScanComparison comparison;

    ScansController(ScanService scans, ScanResults results, Validator validator, ScanEventStream events,
                    InventoryImports imports, ScanComparison comparison) {
        this.imports = imports;
        this.comparison = comparison;
        this.events = events;
        this.scans = scans;
        this.results = results;
        this.validator = validator;
    }

    /** The list's query: status and target filters and the page, as the form and the pager links send them. */
    public record Filters(ScanState status, String target, int page) {
        public String url(String path, int toPage) {
            return UriComponentsBuilder.fromPath(path)
                    .queryParamIfPresent("status", Optional.ofNullable(status))
                    .queryParamIfPresent("target", Optional.ofNullable(target).filter(t -> !t.isBlank()))
                    .queryParam("page", toPage)
                    .encode().build().toUriString();
        }
    }

    @GetMapping("/")
    String list(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                @RequestParam(required = false) ScanState status, @RequestParam(required = false) String target,
                @RequestParam(defaultValue = "0") int page, HttpServletResponse response, Model model) {
        fillList(tenantId, status, target, page, response, model);
        return "dashboard/scans";
    }

    /** The table alone: what the list page polls while scans on it are queued or running. */
    @GetMapping("/scans/rows")
    String rows(@SessionAttribute(DashboardSession.TENANT) UUID tenantId,
                @RequestParam(required = false) ScanState status, @RequestParam(required = false) String target,
                @RequestParam(defaultValue = "0") int page, HttpServletResponse response, Model model) {
        fillList(tenantId, status, target, page, response, model);
        return "dashboard/scans :: rows";
    }

    private void fillList(UUID tenantId, ScanState status, String target, int page, HttpServletResponse response,
                          Model model) {
        Filters filters = new Filters(status, target, Math.clamp(page, 0, 100_000));
        ScanPage result;
        try {
            result = scans.list(tenantId, status, target, filters.page(), PAGE_SIZE);
        } catch (ApiException e) {
            // a target filter that is not a URL: say so next to the field, list nothing
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("targetError", e.getMessage());
            result = new ScanPage(List.of(), filters.page(), PAGE_SIZE, 0, 0);
        }
        model.addAttribute("filters", filters);
        model.addAttribute("page", result);
        model.addAttribute("statuses", ScanState.values());
        model.addAttribute("active", result.items().stream().anyMatch(s -> !s.status().isFinal()));
        model.addAttribute("filtered", status != null || (target != null && !target.isBlank()));
    }

    @GetMapping("/scans/new")
    @RequiresRole(Role.SCAN)
    String newScan(Model model) {
        return form(ScanForm.initial(), Map.of(), model);
    }

    /**
     * Submits the form, or (when {@code action} names a row button) adds or removes a row and shows the form again,
     * so the rows work without JavaScript too.
     */
    @PostMapping("/scans/new")
    @RequiresRole(Role.SCAN)
    String submit(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @ModelAttribute("form") ScanForm form,
                  @RequestParam(defaultValue = "submit") String action,
                  @RequestParam(required = false) MultipartFile openapiFile, HttpServletResponse response,
                  HttpSession session, Model model) {
        HeldHeaderValues.holdAndRestore(session, form);
        switch (action) {
            case "import" -> {
                String error = importInto(tenantId, form, openapiFile);
                if (error != null) {
                    response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                    return form(form, Map.of("openapiUrl", error), model);
                }
            }
            case "add-endpoint" -> form.addEndpoint();
            case "add-header" -> form.addHeader();
            case "submit" -> {
                form.takeImported();
                ScanForm.Checked checked = form.check(validator);
                Map<String, String> errors = checked.errors();
                if (checked.valid()) {
                    try {
                        UUID id = scans.submit(tenantId, checked.request(), null).scan().id();
                        HeldHeaderValues.release(session);
                        return "redirect:/scans/" + id;
                    } catch (ApiException e) {
                        if (!e.status().is4xxClientError()) {
                            throw e;
                        }
                        // a rule the service checks beyond the bean constraints: shown at the top of the form
                        errors = Map.of(ScanForm.FORM, e.getMessage());
                    }
                }
                response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                return form(form, errors, model);
            }
            default -> {
                if (action.startsWith("remove-endpoint-")) {
                    form.removeEndpoint(index(action));
                } else if (action.startsWith("remove-header-")) {
                    form.removeHeader(index(action));
                } else {
                    throw ApiException.badRequest("Unknown form action.");
                }
            }
        }
        return form(form, Map.of(), model);
    }

    /** Reads the uploaded description, else the one at the URL; null when done, else why not. */
    private String importInto(UUID tenantId, ScanForm form, MultipartFile file) {
        Map<String, String> headers = form.targetHeaders();
        try {
            if (file != null && !file.isEmpty()) {
                String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                        ? "the uploaded file" : file.getOriginalFilename();
                form.offer(EndpointImport.of(imports.fromDocument(new String(file.getBytes(), StandardCharsets.UTF_8),
                        name, headers)));
            } else if (form.getOpenapiUrl() != null && !form.getOpenapiUrl().isBlank()) {
                String base = form.getBaseUrl() == null || form.getBaseUrl().isBlank() ? null : form.getBaseUrl().strip();
                form.offer(EndpointImport.of(imports.fromUrl(tenantId, form.getOpenapiUrl().strip(), base, headers)));
            } else {
                return "give the description's URL or choose its file";
            }
        } catch (ApiException e) {
            if (!e.status().is4xxClientError()) {
                throw e;
            }
            return e.getMessage();
        } catch (IOException e) {
            return "the uploaded file could not be read";
        }
        return null;
    }

    private static int index(String action) {
        try {
            return Integer.parseInt(action.substring(action.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Unknown form action.");
        }
    }

    private String form(ScanForm form, Map<String, String> errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("methods", ScanForm.METHODS);
        model.addAttribute("profiles", Arrays.stream(Profile.values()).map(Profile::wire).toList());
        return "dashboard/new-scan";
    }

    @GetMapping("/scans/{id}")
    String detail(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id,
                  @RequestParam(required = false) String notice, Model model) {
        ScanResource scan = scans.resource(scans.get(tenantId, id));
        model.addAttribute("scan", scan);
        model.addAttribute("notice", notice);
        model.addAttribute("formats", ReportFormat.values());
        // a final scan has its report (built from the row when the engine stored none); a running one shows the
        // findings measured so far
        ScanReport report = results.report(tenantId, id).orElse(null);
        model.addAttribute("report", report);
        model.addAttribute("verdict", report != null ? report.verdict().name() : scan.verdict());
        model.addAttribute("summary", report != null ? report.summary() : scan.summary());
        model.addAttribute("findingGroups", FindingGroups.of(FindingView.of(report != null ? report.findings()
                : results.findings(tenantId, id), ReportOptions.defaults())));
        // new, fixed and still there against the previous successful scan of the same target
        model.addAttribute("comparison",
                scan.status() == ScanState.SUCCEEDED ? comparison.compare(tenantId, id) : null);
        return "dashboard/scan";
    }

    /** The scan's Server-Sent Events (as the API's), for live.js: each one re-renders the status panel. */
    @GetMapping(path = "/scans/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(
            @SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id) {
        scans.get(tenantId, id); // another tenant's scan: 404 before the stream starts
        return events.open(id);
    }

    /** The status panel alone, polled while the scan runs; once it is final the whole page reloads with results. */
    @GetMapping("/scans/{id}/status")
    String status(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id,
                  HttpServletResponse response, Model model) {
        ScanResource scan = scans.resource(scans.get(tenantId, id));
        if (scan.status().isFinal()) {
            response.setHeader("HX-Refresh", "true");
        }
        model.addAttribute("scan", scan);
        return "dashboard/scan :: status";
    }

    /** A new scan asking for what this finished one asked for; a refusal shows on this scan's page. */
    @PostMapping("/scans/{id}/rerun")
    @RequiresRole(Role.SCAN)
    String rerun(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id,
                 HttpServletResponse response, Model model) {
        try {
            return "redirect:/scans/" + scans.rerun(tenantId, id).scan().id() + "?notice=rerun";
        } catch (ApiException e) {
            if (!e.status().is4xxClientError() || e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            // a quota, a target rule or a cap that changed since: said on the page, nothing started
            response.setStatus(e.status().value());
            model.addAttribute("rerunError", e.getMessage());
            return detail(tenantId, id, null, model);
        }
    }

    @PostMapping("/scans/{id}/cancel")
    @RequiresRole(Role.SCAN)
    String cancel(@SessionAttribute(DashboardSession.TENANT) UUID tenantId, @PathVariable UUID id) {
        try {
            scans.cancel(tenantId, id);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.CONFLICT) {
                return "redirect:/scans/" + id + "?notice=already-finished";
            }
            throw e;
        }
        return "redirect:/scans/" + id + "?notice=cancel-requested";
    }
}
