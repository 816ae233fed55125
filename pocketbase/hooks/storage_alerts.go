package hooks

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Alert kinds of failed storage writes (migrations/1763769690_server_alerts_storage.go).
const (
	AlertStorageFull        = StorageFull
	AlertStorageUnavailable = StorageUnavailable
)

// alertEvery is how often at most an alert of one kind is written. While the disk is full
// every upload of every contributor fails; without a limit each failure would be a write of
// its own (through the same SQLite writer uploads wait for, and on a full disk).
const alertEvery = time.Minute

const alertLimiterKey = "cassetteAlertLimiter"

// alertLimiter counts the occurrences of each kind and writes them at most once per interval.
type alertLimiter struct {
	every    time.Duration
	mu       sync.Mutex
	last     map[string]time.Time
	pending  map[string]pendingAlert
	flushing map[string]bool
	// mayBeOpen is false once this process knows no storage alert is open, so a good write
	// does not look for one to resolve every time.
	mayBeOpen bool
}

type pendingAlert struct {
	times   int
	message string
}

// LimitAlerts sets how often at most one kind of alert is written for app (alertEvery unless
// set); tests shorten it.
func LimitAlerts(app core.App, every time.Duration) {
	app.Store().Set(alertLimiterKey, newAlertLimiter(every))
}

func newAlertLimiter(every time.Duration) *alertLimiter {
	return &alertLimiter{every: every, last: map[string]time.Time{}, pending: map[string]pendingAlert{},
		flushing: map[string]bool{}, mayBeOpen: true}
}

func limiterOf(app core.App) *alertLimiter {
	return app.Store().GetOrSet(alertLimiterKey, func() any { return newAlertLimiter(alertEvery) }).(*alertLimiter)
}

// raiseStorageAlert records one failed storage write: at once when its kind was not written
// within the interval, else counted and written when the interval is over (one write carrying
// every occurrence since).
func raiseStorageAlert(app core.App, kind, message string) {
	l := limiterOf(app)
	l.mu.Lock()
	p := l.pending[kind]
	l.pending[kind] = pendingAlert{times: p.times + 1, message: message}
	l.mayBeOpen = true
	if wait := l.every - time.Since(l.last[kind]); wait > 0 {
		if !l.flushing[kind] {
			l.flushing[kind] = true
			time.AfterFunc(wait, func() { l.flush(app, kind) })
		}
		l.mu.Unlock()
		return
	}
	l.mu.Unlock()
	l.flush(app, kind)
}

// flush writes the pending occurrences of kind.
func (l *alertLimiter) flush(app core.App, kind string) {
	l.mu.Lock()
	p := l.pending[kind]
	delete(l.pending, kind)
	l.flushing[kind] = false
	if p.times == 0 {
		l.mu.Unlock()
		return
	}
	l.last[kind] = time.Now()
	l.mu.Unlock()
	err := raiseAlertTimes(app, kind, p.message, p.times)
	if err == nil {
		return
	}
	// On a full disk SQLite refuses this write too: say it on stderr (the service's journal),
	// keep the count and write it once there is room again.
	fmt.Fprintf(os.Stderr, "Storage NOT working: %s (server_alerts not writable: %v)\n", p.message, err)
	app.Logger().Error("server alert not recorded yet", "kind", kind, "times", p.times, "error", err)
	l.mu.Lock()
	defer l.mu.Unlock()
	q := l.pending[kind]
	l.pending[kind] = pendingAlert{times: q.times + p.times, message: p.message}
	if !l.flushing[kind] {
		l.flushing[kind] = true
		time.AfterFunc(l.every, func() { l.flush(app, kind) })
	}
}

// resolveStorageAlerts marks the storage alerts resolved after a write that stored files went
// through: the storage works again. Occurrences not written yet are written first, so the
// admin still learns that the storage failed, and when.
func resolveStorageAlerts(app core.App) {
	l := limiterOf(app)
	l.mu.Lock()
	if !l.mayBeOpen {
		l.mu.Unlock()
		return
	}
	l.mayBeOpen = false
	var unwritten []string
	for kind := range l.pending {
		unwritten = append(unwritten, kind)
	}
	l.mu.Unlock()
	for _, kind := range unwritten {
		l.flush(app, kind)
	}
	if err := resolveAlerts(app, AlertStorageFull, AlertStorageUnavailable); err != nil {
		app.Logger().Warn("storage alerts not resolved", "error", err)
	}
}
