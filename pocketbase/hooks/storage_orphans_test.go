package hooks_test

import (
	"testing"
	"time"

	"cassette/pocketbase/hooks"
)

func TestOrphanCutoff(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name    string
		started time.Time
		s3      bool
		want    time.Time
	}{
		// the files of the process before a quick restart are taken once a minute old, not at once
		{"just started", now.Add(-5 * time.Second), false, now.Add(-time.Minute)},
		{"started three minutes ago: everything before the start", now.Add(-3 * time.Minute), false, now.Add(-3 * time.Minute)},
		{"running for an hour: ten minutes old", now.Add(-time.Hour), false, now.Add(-10 * time.Minute)},
		{"on S3, the object store's clock may lag", now.Add(-time.Hour), true, now.Add(-12 * time.Minute)},
	} {
		if got := hooks.OrphanCutoff(c.started, now, c.s3); !got.Equal(c.want) {
			t.Errorf("%s: %v; want %v", c.name, got, c.want)
		}
	}
}
