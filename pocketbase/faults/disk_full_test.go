package faults_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// TestDiskFull fills the size-limited disk holding the data directory and
// uploads a slice: 503 storage_full, no record, no stored or temporary file;
// once space is back the server works again (the outbox's retry succeeds).
// Not parallel: the filler takes the disk's last byte from every test.
func TestDiskFull(t *testing.T) {
	if smallDisk == "" {
		t.Fatal("no size-limited disk: mounting a tmpfs needs root, as npm test and CI run (see TestMain)")
	}
	fx := tv.Load(t)
	filler := filepath.Join(smallDisk, "filler")
	var before []string
	body, headers := imageUpload(t, fx, "8")
	(&tests.ApiScenario{
		Name: "a slice uploaded to a server whose disk is full", Method: http.MethodPost, URL: "/api/collections/images/records",
		Body: body, Headers: headers,
		TestAppFactory: func(t testing.TB) *tests.TestApp {
			app := fx.NewApp(t)
			hooks.LimitAlerts(app, 100*time.Millisecond)
			return app
		},
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			if !strings.HasPrefix(app.DataDir(), smallDisk) {
				t.Fatalf("data dir %s is not on the small disk %s", app.DataDir(), smallDisk)
			}
			before = storedFiles(app.DataDir())
			if err := fillDisk(filler); err != nil {
				t.Fatal(err)
			}
		},
		ExpectedStatus: 503, ExpectedContent: []string{`"code":"` + hooks.StorageFull + `"`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			defer os.Remove(filler)
			assertStorageFault(t, res, hooks.StorageFull)
			assertNothingSaved(t, app, before)
			if err := os.Remove(filler); err != nil {
				t.Fatal(err)
			}
			// SQLite could not record the alert on the full disk either; it is written as soon
			// as there is room again, so the admin sees it on the dashboard
			var alert *core.Record
			for deadline := time.Now().Add(5 * time.Second); alert == nil && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				alert, _ = app.FindFirstRecordByData("server_alerts", "kind", hooks.AlertStorageFull)
			}
			if alert == nil || alert.GetInt("occurrences") != 1 || !alert.GetDateTime("resolved").IsZero() {
				t.Errorf("storage_full alert once the disk has room: %v; want one open occurrence", alert)
			}
			// space is back: the same write goes through
			rec := core.NewRecord(mustCollection(t, app, "images"))
			jpg, _ := tv.PreviewBytes()
			preview, _ := filesystem.NewFileFromBytes(jpg, "preview.jpg")
			rec.Load(map[string]any{"series": tv.PublishedSeriesID, "index": 8, "preview": preview})
			if err := app.Save(rec); err != nil {
				t.Errorf("save after freeing space: %v", err)
			}
		}}).Test(t)
}

// fillDisk writes path until the file system is full (ENOSPC), in big
// blocks then small ones so that almost no byte is left.
func fillDisk(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, size := range []int{1 << 20, 4 << 10, 512} {
		block := make([]byte, size)
		for {
			if _, err := f.Write(block); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					return err
				}
				break
			}
		}
	}
	return nil
}

func mustCollection(t testing.TB, app core.App, name string) *core.Collection {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
