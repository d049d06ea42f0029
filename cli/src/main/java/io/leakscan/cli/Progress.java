package io.leakscan.cli;

import io.leakscan.engine.EndpointReport;
import io.leakscan.engine.RoundReport;
import io.leakscan.engine.ScanListener;
import io.leakscan.engine.ScanPhase;
import io.leakscan.target.EchoFingerprint;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.DiscoveryReport;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Shows a scan's progress on stderr: one redrawn line with a bar, phase and endpoint on a terminal, plain log lines
 * otherwise (CI logs keep every line). Used for in-process scans and, fed from the scan resource, for server scans.
 */
abstract class Progress implements ScanListener {

    /** Nothing at all: {@code --quiet}. */
    static Progress quiet() {
        return new Progress() {
        };
    }

    static Progress forStream(PrintWriter err, boolean terminal, Clock clock) {
        return terminal ? new Bar(err, clock) : new Lines(err, clock);
    }

    /** A server scan's state, from {@code GET /api/v1/scans/{id}}; {@code progress} from 0 to 100. */
    void serverStatus(String status, String phase, int progress) {
    }

    /** The scan is over: leave the terminal clean for what follows. */
    void done() {
    }

    static String phaseName(String phase) {
        return phase == null ? "" : phase.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A redrawn line: {@code [#########...........]  45%  probing  GET /users/:id}. */
    static final class Bar extends Progress {
        private static final int WIDTH = 24;
        private final PrintWriter err;
        private final Clock clock;
        private final Instant start;
        private String phase = "starting";
        private String endpoint = "";
        private double fraction;
        private boolean finished;
        private Thread ticker;

        Bar(PrintWriter err, Clock clock) {
            this.err = err;
            this.clock = clock;
            this.start = clock.instant();
        }

        /** Redraws twice a second so the clock moves during long rounds; stops at {@link #done()}. */
        private void startTicker() {
            if (ticker != null) {
                return;
            }
            ticker = Thread.ofVirtual().name("leakscan-progress").start(() -> {
                while (true) {
                    synchronized (this) {
                        if (finished) {
                            return;
                        }
                        draw();
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public synchronized void round(EndpointRef endpoint, RoundReport round) {
            this.endpoint = endpoint.toString() + " (" + round.purpose() + ")";
            draw();
        }

        @Override
        public synchronized void phase(ScanPhase phase, EndpointRef endpoint) {
            this.phase = phaseName(phase.name());
            this.endpoint = endpoint == null ? "" : endpoint.toString();
            draw();
        }

        @Override
        public synchronized void progress(double fraction, int endpointsDone, int endpointsTotal) {
            this.fraction = Math.max(0, Math.min(1, fraction));
            draw();
        }

        @Override
        synchronized void serverStatus(String status, String phase, int progress) {
            this.phase = phaseName(phase == null ? status : phase);
            this.fraction = Math.max(0, Math.min(100, progress)) / 100.0;
            draw();
        }

        private void draw() {
            if (finished) {
                return;
            }
            startTicker();
            int filled = (int) Math.round(fraction * WIDTH);
            long secs = Duration.between(start, clock.instant()).toSeconds();
            String line = String.format(Locale.ROOT, "[%s%s] %3d%% %4ds  %-15s %s", "#".repeat(filled),
                    ".".repeat(WIDTH - filled), Math.round(fraction * 100), secs, phase, endpoint);
            // Longer than the terminal, the line would wrap and \r could no longer redraw it in place.
            if (line.length() > 79) {
                line = line.substring(0, 78) + "…";
            }
            err.print("\r\u001b[2K" + line);
            err.flush();
        }

        @Override
        synchronized void done() {
            if (finished) {
                return;
            }
            finished = true;
            if (ticker != null) {
                ticker.interrupt();
            }
            err.print("\r\u001b[2K");
            err.flush();
        }
    }

    /** Log lines with the time since start: {@code leakscan [  3.1s] probing GET /users/:id (20%)}. */
    static final class Lines extends Progress {
        private final PrintWriter err;
        private final Clock clock;
        private final Instant start;
        private String last = "";

        Lines(PrintWriter err, Clock clock) {
            this.err = err;
            this.clock = clock;
            this.start = clock.instant();
        }

        private synchronized void log(String message) {
            double secs = Duration.between(start, clock.instant()).toMillis() / 1000.0;
            err.println(String.format(Locale.ROOT, "leakscan [%6.1fs] %s", secs, message));
            err.flush();
        }

        @Override
        public void phase(ScanPhase phase, EndpointRef endpoint) {
            if (phase != ScanPhase.DONE) {
                log(phaseName(phase.name()) + (endpoint == null ? "" : " " + endpoint));
            }
        }

        @Override
        public void preflightPassed(EchoFingerprint f) {
            log("target answers" + (f == null ? "" : f.echo() ? "; Echo" + (f.majorVersion() == null ? ""
                    : " v" + f.majorVersion()) + " (confidence " + Math.round(f.confidence() * 100) + "%)"
                    : "; not recognised as Echo"));
        }

        @Override
        public void discovered(DiscoveryReport report) {
            log("telemetry: " + (report.offered().isEmpty() ? "none found"
                    : report.offered().values().stream().map(DiscoveryReport.Offer::chosen).distinct()
                    .collect(Collectors.joining(", "))));
        }

        @Override
        public void endpointFinished(EndpointReport report) {
            log("done with " + report.route() + ": " + report.requestsSent() + " requests in "
                    + report.elapsed().toMillis() / 100 / 10.0 + " s");
        }

        @Override
        void serverStatus(String status, String phase, int progress) {
            String line = status + (phase == null ? "" : " " + phaseName(phase)) + " (" + progress + "%)";
            if (!line.equals(last)) {
                last = line;
                log(line.toLowerCase(Locale.ROOT));
            }
        }
    }
}
