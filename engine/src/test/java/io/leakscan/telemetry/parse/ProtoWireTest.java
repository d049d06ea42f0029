package io.leakscan.telemetry.parse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtoWireTest {

    static ProtoWire wire(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new ProtoWire(b, 0, b.length);
    }

    static ParseFailure.Kind failure(Runnable read) {
        try {
            read.run();
        } catch (ParseError e) {
            return e.failure.kind();
        }
        throw new AssertionError("no ParseError");
    }

    @Test
    void readsVarintsPackedAndOneByOne() {
        ProtoWire w = wire(0xac, 0x02, 0x03, 0x01, 0x02, 0x05);
        assertThat(w.varint()).isEqualTo(300);
        ProtoWire.LongList out = new ProtoWire.LongList();
        w.repeatedVarint(2, out); // packed: length 3, then 1, 2, 5
        assertThat(out.toArray()).containsExactly(1, 2, 5);
        assertThat(w.more()).isFalse();
    }

    @Test
    void aMessageIsReadWithinItsOwnBoundsAndUnknownFieldsAreSkipped() {
        // a 2-byte message (field 1 = 7), then a fixed64 field to skip, then field 2 = 9
        ProtoWire w = wire(0x02, 0x08, 0x07, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x09);
        ProtoWire m = w.message(2);
        assertThat(m.varint()).isEqualTo(0x08);
        assertThat(m.varintField(0)).isEqualTo(7);
        assertThat(m.more()).isFalse();
        assertThat(w.varint() & 7).isEqualTo(1);
        w.skip(1);
        assertThat(w.varint()).isEqualTo(0x10);
        assertThat(w.varintField(0)).isEqualTo(9);
    }

    @Test
    void lyingLengthsAndBadTypesFailWithTheirKind() {
        assertThat(failure(() -> wire(0x05, 'a').message(2))).isEqualTo(ParseFailure.Kind.TRUNCATED);
        assertThat(failure(() -> wire(0x80).varint())).isEqualTo(ParseFailure.Kind.TRUNCATED);
        assertThat(failure(() -> wire(0x01).message(0))).isEqualTo(ParseFailure.Kind.MALFORMED);
        assertThat(failure(() -> wire(0x01).skip(3))).isEqualTo(ParseFailure.Kind.MALFORMED);
        assertThat(failure(() -> wire(0x02, 0xc3, 0x28).string(2))).isEqualTo(ParseFailure.Kind.INVALID_ENCODING);
        assertThatThrownBy(() -> wire(0x01, 'x').skip(5)).isInstanceOf(ParseError.class);
    }
}
