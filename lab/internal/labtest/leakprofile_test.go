package labtest

import (
	"bufio"
	"strings"
	"testing"
)

func TestParseLeakProfileCountsGoroutinesByTheirFirstMainFrame(t *testing.T) {
	body := "goroutineleak profile: total 150\n" +
		"100 @ 0x4928aa 0x41d4dc 0x93e1f5 0x499a01\n" +
		"#\t0x41d4db\truntime.chansend1+0x1b\t/go/src/runtime/chan.go:161\n" +
		"#\t0x93e1f4\tmain.quote.func1+0x74\t/lab/server.go:27\n" +
		"#\t0x93e2f4\tmain.helper+0x10\t/lab/server.go:40\n" +
		"\n" +
		"50 @ 0x4928aa 0x93e276 0x499a01\n" +
		"#\t0x93e275\tgithub.com/leakscan/lab/cmd/some-app.rate.func1+0x55\t/lab/server.go:34\n"
	p, err := parseLeakProfile(bufio.NewScanner(strings.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 150 || p.ByFunc["quote.func1"] != 100 || p.ByFunc["rate.func1"] != 50 || len(p.ByFunc) != 2 {
		t.Errorf("parsed %+v", p)
	}
	if _, err := parseLeakProfile(bufio.NewScanner(strings.NewReader("goroutine profile: total 3\n"))); err == nil {
		t.Error("a goroutine profile was taken for a goroutineleak profile")
	}
}
