package io.leakscan.telemetry.parse;


import java.util.List;

/**
 * One goroutine of a {@code goroutine?debug=2} dump.
 *
 * @param id                 goroutine id
 * @param state              wait state as printed, e.g. {@code chan receive}, {@code chan receive (nil chan)},
 *                           {@code select}, {@code IO wait}, {@code running}
 * @param waitMinutes        minutes blocked as printed ({@code [sleep, 3 minutes]}), 0 when not shown
 * @param annotations        further bracket items, e.g. {@code locked to thread}
 * @param frames             innermost first
 * @param createdBy          the {@code created by} frame, or null (goroutine 1, runtime goroutines)
 * @param createdByGoroutine id of the creating goroutine ({@code in goroutine N}), -1 when not printed
 * @param framesElided       the runtime cut the stack ({@code ...N frames elided...})
 */
public record GoroutineRecord(long id, String state, int waitMinutes, List<String> annotations, List<Frame> frames,
                              Frame createdBy, long createdByGoroutine, boolean framesElided) {

    public GoroutineRecord {
        annotations = List.copyOf(annotations);
        frames = List.copyOf(frames);
    }

    /** Go 1.26's goroutineleak?debug=2 marks goroutines the GC proved unreachable: {@code [chan receive (leaked)]}. */
    public boolean leaked() {
        return state.endsWith("(leaked)");
    }
}
