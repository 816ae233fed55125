package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tv "cassette/pocketbase/internal/testenv"
)

// TestPublicFileFastPathUnderConcurrentReaders: readers scroll a published slice through the
// fast path while a moderator removes its case; no request that starts after the removal is
// saved gets the slice (run with -race for the cache's locking too).
func TestPublicFileFastPathUnderConcurrentReaders(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	mux := serverMux(t, app)
	url := "/api/files/images/" + tv.PublishedImageID + "/" + fx.PublishedPreview

	var removedAt atomic.Int64 // unix nanoseconds once the removal is saved
	var served, refused, lateServed atomic.Int32
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				removed := removedAt.Load()
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
				switch rec.Code {
				case http.StatusOK:
					served.Add(1)
					if removed != 0 {
						lateServed.Add(1)
					}
				case http.StatusNotFound:
					refused.Add(1)
				default:
					t.Errorf("unexpected status %d", rec.Code)
				}
			}
		}()
	}
	waitFor := func(n *atomic.Int32) {
		for deadline := time.Now().Add(10 * time.Second); n.Load() < 20 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor(&served)
	if err := setField(app, "cases", tv.PublishedCaseID, map[string]any{"status": "removed", "moderation_reason": "Copied from a textbook."}); err != nil {
		t.Fatal(err)
	}
	removedAt.Store(time.Now().UnixNano())
	waitFor(&refused)
	close(stop)
	wg.Wait()
	if served.Load() == 0 || refused.Load() == 0 {
		t.Fatalf("served %d, refused %d: the readers did not run across the removal", served.Load(), refused.Load())
	}
	if n := lateServed.Load(); n != 0 {
		t.Errorf("%d requests started after the removal was saved still got the slice", n)
	}
}
