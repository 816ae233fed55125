package hooks

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Reading a series is one file request per slice, and deciding whether a guest may view the
// slice's record was two thirds of each request (the view rule parsed, resolved through
// series → case → author and run as an SQL query: BenchmarkPublicSliceDownload). The answer
// depends only on the records, so it is remembered per record until any record or collection
// is updated or deleted (a case hidden, an author blocked, a rule changed: every way a record
// stops being public is an update or a delete), and for publicCacheTTL at most, for writes that
// bypass the model hooks.
const (
	publicCacheTTL = 10 * time.Second
	// publicCacheMax bounds the memory: past it the cache starts again empty.
	publicCacheMax = 50_000
	publicCacheKey = "cassettePublicRecords"
)

// publicRecords caches, per record, whether a guest passes its collection's view rule.
type publicRecords struct {
	generation atomic.Uint64
	mu         sync.Mutex
	entries    map[string]publicEntry
}

type publicEntry struct {
	generation uint64
	at         time.Time
	public     bool
}

func publicRecordsOf(app core.App) *publicRecords {
	return app.Store().GetOrSet(publicCacheKey, func() any {
		return &publicRecords{entries: map[string]publicEntry{}}
	}).(*publicRecords)
}

// registerPublicCacheInvalidation forgets every cached answer when a model is updated or
// deleted (after the commit); creates leave existing records' answers as they were.
func registerPublicCacheInvalidation(app core.App) {
	forget := func(e *core.ModelEvent) error {
		publicRecordsOf(e.App).generation.Add(1)
		return e.Next()
	}
	app.OnModelAfterUpdateSuccess().BindFunc(forget)
	app.OnModelAfterDeleteSuccess().BindFunc(forget)
}

// cacheableRule reports whether a view rule's answer for a guest depends on the records and
// the request's context only (part of the key): not on the rest of the request (query,
// headers, body, method) nor on the clock.
func cacheableRule(rule *string) bool {
	if rule == nil {
		return true
	}
	r := strings.NewReplacer("@request.auth.", "", "@request.context", "").Replace(*rule)
	return !strings.Contains(r, "@request") && !strings.Contains(r, "@now") && !strings.Contains(r, "@second") &&
		!strings.Contains(r, "@minute") && !strings.Contains(r, "@hour") && !strings.Contains(r, "@day") &&
		!strings.Contains(r, "@month") && !strings.Contains(r, "@year") && !strings.Contains(r, "@weekday") &&
		!strings.Contains(r, "@yesterday") && !strings.Contains(r, "@tomorrow") && !strings.Contains(r, "@todayStart") &&
		!strings.Contains(r, "@todayEnd") && !strings.Contains(r, "@monthStart") && !strings.Contains(r, "@monthEnd") &&
		!strings.Contains(r, "@yearStart") && !strings.Contains(r, "@yearEnd")
}

// isPublic answers whether a guest in the request context may view record, from the cache
// when it can; check computes the answer. The generation is read before check runs, so an
// answer computed across an update is never kept under the newer generation.
func (c *publicRecords) isPublic(record *core.Record, context string, rule *string, check func() (bool, error)) (bool, error) {
	if !cacheableRule(rule) {
		return check()
	}
	key := record.Collection().Id + "/" + record.Id + "/" + context
	generation := c.generation.Load()
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.generation == generation && now.Sub(e.at) < publicCacheTTL {
		return e.public, nil
	}
	public, err := check()
	if err != nil {
		return public, err
	}
	c.mu.Lock()
	if len(c.entries) >= publicCacheMax {
		c.entries = map[string]publicEntry{}
	}
	c.entries[key] = publicEntry{generation: generation, at: now, public: public}
	c.mu.Unlock()
	return public, nil
}
