package io.leakscan.dashboard;

import io.leakscan.engine.ScanEndpoint;
import io.leakscan.inventory.Inventory;
import io.leakscan.inventory.SkippedOperation;
import io.leakscan.target.Endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The endpoints an imported description offers on the new-scan form, each with a tick box: GET, HEAD and OPTIONS come
 * ticked, the methods that change state do not (a scan repeats each request hundreds of times). The rows travel with
 * the form as hidden fields, so adding a row or a header keeps them; starting the scan takes the ticked ones.
 */
public class EndpointImport {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private String source = "";
    private List<Row> rows = new ArrayList<>();
    /** Each operation the description offered but no row can carry, as {@code METHOD /route: reason}. */
    private List<String> skipped = new ArrayList<>();

    /** An offered endpoint: the form's endpoint row plus whether it is ticked. */
    public static class Row extends ScanForm.EndpointRow {
        private boolean selected;

        public boolean isSelected() { return selected; }
        public void setSelected(boolean selected) { this.selected = selected; }

        /** What the tick box's label says: the route, and the concrete request when it differs. */
        public String getLabel() {
            String route = getRoute().isBlank() ? getPath() : getRoute();
            return getMethod() + " " + route + (route.equals(getPath()) ? "" : "  (" + getPath() + ")");
        }
    }

    static EndpointImport of(Inventory inv) {
        EndpointImport out = new EndpointImport();
        out.source = inv.source();
        for (ScanEndpoint e : inv.endpoints()) {
            Endpoint r = e.request();
            Row row = new Row();
            row.setMethod(r.method());
            row.setPath(r.path());
            row.setRoute(e.route().path().equals(r.path()) ? "" : e.route().path());
            row.setBody(r.body() == null ? "" : r.body());
            row.setContentType(r.contentType() == null ? "" : r.contentType());
            row.setHeaders(r.headers().entrySet().stream().map(h -> h.getKey() + ": " + h.getValue())
                    .collect(Collectors.joining("\n")));
            row.selected = SAFE.contains(r.method());
            out.rows.add(row);
        }
        out.skipped = new ArrayList<>(inv.skipped().stream().map(SkippedOperation::toString).toList());
        return out;
    }

    public boolean isEmpty() {
        return rows.isEmpty() && skipped.isEmpty();
    }

    /** The ticked rows, as plain endpoint rows. */
    List<ScanForm.EndpointRow> selected() {
        return rows.stream().filter(Row::isSelected).map(r -> (ScanForm.EndpointRow) r).toList();
    }

    public String getSource() { return source; }
    public void setSource(String source) { this.source = source == null ? "" : source; }
    public List<Row> getRows() { return rows; }
    public void setRows(List<Row> rows) { this.rows = rows == null ? new ArrayList<>() : new ArrayList<>(rows); }
    public List<String> getSkipped() { return skipped; }
    public void setSkipped(List<String> skipped) {
        this.skipped = skipped == null ? new ArrayList<>() : new ArrayList<>(skipped);
    }
}
