package tokens

import (
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Requests a token may make per minute. Per token, whatever address it comes from; the
// settings' rate limits (migrations/1763769641_api_tokens.go) also bound each address.
const (
	PersonalPerMinute    = 60
	IntegrationPerMinute = 300
)

func limitOf(kind string) int {
	if kind == Integration {
		return IntegrationPerMinute
	}
	return PersonalPerMinute
}

// limiter counts requests per token in fixed one-minute windows.
type limiter struct {
	mu      sync.Mutex
	windows map[string]window
}

type window struct {
	start time.Time
	count int
}

func (l *limiter) allow(key string, max int, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.windows[key]
	if now.Sub(w.start) >= time.Minute {
		// a new window; old windows of other tokens go when the map grows large
		if len(l.windows) > 10000 {
			for k, old := range l.windows {
				if now.Sub(old.start) >= time.Minute {
					delete(l.windows, k)
				}
			}
		}
		w = window{start: now}
	}
	if w.count >= max {
		return false
	}
	w.count++
	l.windows[key] = w
	return true
}

// limiterOf is the app's one limiter (in the app's store, so each test app has its own).
func limiterOf(app core.App) *limiter {
	return app.Store().GetOrSet("cassette.tokens.limiter", func() any {
		return &limiter{windows: map[string]window{}}
	}).(*limiter)
}
