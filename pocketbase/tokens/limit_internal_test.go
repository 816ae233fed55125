package tokens

import (
	"testing"
	"time"
)

func TestLimiterCountsPerTokenAndMinute(t *testing.T) {
	t.Parallel()
	l := &limiter{windows: map[string]window{}}
	start := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		if !l.allow("a", 3, start.Add(time.Duration(i)*time.Second)) {
			t.Fatalf("request %d refused", i+1)
		}
	}
	if l.allow("a", 3, start.Add(30*time.Second)) {
		t.Error("a fourth request in the minute passed")
	}
	if !l.allow("b", 3, start.Add(30*time.Second)) {
		t.Error("another token shares the first one's window")
	}
	if !l.allow("a", 3, start.Add(time.Minute)) {
		t.Error("the next minute is still refused")
	}
}

func TestGenerateIsRandomAndHashed(t *testing.T) {
	t.Parallel()
	a, ha, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := Generate()
	if a == b || len(a) != len(Prefix)+43 || ha != Hash(a) || len(ha) != 64 {
		t.Errorf("tokens %q %q hash %q", a, b, ha)
	}
}
