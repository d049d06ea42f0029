package io.leakscan.scan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * Runs the {@link ScanStep} beans in order and says how the scan ended. It writes nothing itself but progress
 * (through the context); the worker turns the {@link Outcome} into the scan's final state.
 */
@Component
public class ScanPipeline {

    private static final Logger log = LoggerFactory.getLogger(ScanPipeline.class);

    /** How a run ended. */
    public sealed interface Outcome {
        record Succeeded() implements Outcome {
        }

        record Failed(String code, String message) implements Outcome {
        }

        record Cancelled(ScanCancellation.Reason reason) implements Outcome {
        }
    }

    private final List<ScanStep> steps;

    public ScanPipeline(List<ScanStep> steps) {
        this.steps = List.copyOf(steps);
    }

    Outcome run(PipelineContext ctx) {
        int total = Math.max(1, steps.stream().mapToInt(s -> Math.max(1, s.weight())).sum());
        int done = 0;
        for (ScanStep step : steps) {
            ScanCancellation cancellation = ctx.cancellation();
            if (cancellation.isCancelled()) {
                return new Outcome.Cancelled(cancellation.reason().orElseThrow());
            }
            int weight = Math.max(1, step.weight());
            ctx.enter(step.name(), done, weight, total);
            try {
                step.run(ctx);
            } catch (ScanCancelledException e) {
                return new Outcome.Cancelled(e.reason());
            } catch (ScanFailedException e) {
                log.info("Scan {} failed in step {}: {} {}", ctx.scanId(), step.name(), e.code(), e.getMessage());
                return new Outcome.Failed(e.code(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.Cancelled(cancellation.reason().orElse(ScanCancellation.Reason.SHUTDOWN));
            } catch (Exception e) {
                if (cancellation.isCancelled()) {
                    // aborting traffic on cancel makes in-flight calls fail: that is the cancel, not an error
                    return new Outcome.Cancelled(cancellation.reason().orElseThrow());
                }
                String traceId = UUID.randomUUID().toString();
                log.error("Scan {} crashed in step {} (trace id {})", ctx.scanId(), step.name(), traceId, e);
                return new Outcome.Failed("INTERNAL_ERROR", "The " + step.name()
                        + " phase failed unexpectedly. Quote trace id " + traceId + " when reporting it.");
            }
            done += weight;
        }
        return new Outcome.Succeeded();
    }
}
