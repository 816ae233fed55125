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
// every upload of every contributor fails, and while SMTP is down every sign-up's email does;
// without a limit each failure would be a write of its own (through the same SQLite writer
// uploads and sign-ups wait for, and on a full disk).
const alertEvery = time.Minute

// alertConsole is what stderr says when an alert of a kind cannot be written yet.
var alertConsole = map[string]string{
	AlertStorageFull:        "Storage NOT working",
	AlertStorageUnavailable: "Storage NOT working",
	AlertMailTransport:      "Mail NOT working",
	AlertMailSend:           "Mail NOT working",
}

const alertLimiterKey = "cassetteAlertLimiter"

// alertLimiter counts the occurrences of each kind and writes them at most once per interval:
// the one way server_alerts rows are raised and resolved (storage faults, mail).
type alertLimiter struct {
	every time.Duration
	// writing is held from taking a kind's count to writing it, and while alerts are resolved:
	// a resolve between the two would be undone by the write, the alert left open for good.
	writing  sync.Mutex
	mu       sync.Mutex
	last     map[string]time.Time
	pending  map[string]pendingAlert
	flushing map[string]bool
	// resolved holds the kinds this process resolved and has not raised since, so a good
	// upload or a sent email does not look for an alert to resolve every time.
	resolved map[string]bool
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
		flushing: map[string]bool{}, resolved: map[string]bool{}}
}

func limiterOf(app core.App) *alertLimiter {
	return app.Store().GetOrSet(alertLimiterKey, func() any { return newAlertLimiter(alertEvery) }).(*alertLimiter)
}

// resolveStorageAlerts marks the storage alerts resolved after a write that stored files went
// through: the storage works again.
func resolveStorageAlerts(app core.App) {
	resolveLimitedAlerts(app, AlertStorageFull, AlertStorageUnavailable)
}

// raiseLimitedAlert records one occurrence of kind: written at once when kind was not written
// within the interval (or was resolved since: a new failure is news), else counted and
// written when the interval is over (one write carrying every occurrence since).
func raiseLimitedAlert(app core.App, kind, message string) {
	l := limiterOf(app)
	l.mu.Lock()
	p := l.pending[kind]
	l.pending[kind] = pendingAlert{times: p.times + 1, message: message}
	delete(l.resolved, kind)
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
	l.writing.Lock()
	defer l.writing.Unlock()
	l.write(app, kind)
}

// write is flush with l.writing held.
func (l *alertLimiter) write(app core.App, kind string) {
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
	fmt.Fprintf(os.Stderr, "%s: %s (server_alerts not writable: %v)\n", alertConsole[kind], p.message, err)
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

// resolveLimitedAlerts marks the alerts of kinds resolved: what failed works again.
// Occurrences not written yet are written first, so the admin still learns that it failed, and
// when (and a count written later cannot reopen the alert). The next failure of a resolved kind
// is written at once.
func resolveLimitedAlerts(app core.App, kinds ...string) {
	l := limiterOf(app)
	if l.allResolved(kinds) {
		return // the common case, after every good upload or email: no wait for a write
	}
	l.writing.Lock()
	defer l.writing.Unlock()
	l.mu.Lock()
	var unwritten, open []string
	for _, kind := range kinds {
		if l.pending[kind].times > 0 {
			unwritten = append(unwritten, kind)
		}
		if !l.resolved[kind] {
			open = append(open, kind)
		}
	}
	l.mu.Unlock()
	if len(open) == 0 {
		return
	}
	for _, kind := range unwritten {
		l.write(app, kind)
	}
	if err := resolveAlerts(app, open...); err != nil {
		app.Logger().Warn("alerts not resolved", "kinds", open, "error", err)
		return
	}
	l.mu.Lock()
	for _, kind := range open {
		if l.pending[kind].times == 0 { // not raised again meanwhile
			l.resolved[kind] = true
			delete(l.last, kind)
		}
	}
	l.mu.Unlock()
}

// allResolved says whether this process resolved every kind and raised none since.
func (l *alertLimiter) allResolved(kinds []string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, kind := range kinds {
		if !l.resolved[kind] || l.pending[kind].times > 0 {
			return false
		}
	}
	return true
}
