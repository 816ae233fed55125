package faults_test

import (
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	tv "cassette/pocketbase/internal/testenv"
)

// TestKilledMidWriteLeavesNoOrphan kills the server (SIGKILL) at the two moments a write has
// stored files that no record names: a new slice's files stored but its record not inserted,
// and a slice's preview replaced and committed but the old file not yet deleted (PocketBase
// deletes it after the commit, core/field_file.go). After the restart on the same data dir the
// server removes those files and keeps every file a record names, exactly as before the write.
func TestKilledMidWriteLeavesNoOrphan(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	for _, c := range []struct {
		name, stall string
		request     func(t *testing.T, url string)
	}{
		{"a new slice killed before its record is inserted", stallImageBeforeInsert, func(t *testing.T, url string) {
			body, headers := imageUpload(t, fx, "9")
			send(t, http.MethodPost, url+"/api/collections/images/records", body, headers)
		}},
		{"a replaced preview killed before the old file is deleted", stallImageBeforeCleanup, func(t *testing.T, url string) {
			body, contentType := multipartOf(t, map[string]string{}, "preview")
			send(t, http.MethodPatch, url+"/api/collections/images/records/"+tv.PublishedImageID, body,
				map[string]string{"Content-Type": contentType, "Authorization": fx.Tokens[tv.AuthorID]})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := t.TempDir()
			if err := os.CopyFS(data, os.DirFS(fx.Dir)); err != nil {
				t.Fatal(err)
			}
			before := storedFiles(data)
			server := startFaultsServer(t, data, c.stall)
			c.request(t, server.URL)
			server.waitStalled(t)
			if written := storedFiles(data); len(written) <= len(before) {
				t.Fatalf("no new file stored at the stall point: %v", written)
			}
			server.Kill()
			orphaned := storedFiles(data)
			// down for two minutes: the sweep at start leaves files of the last minute alone
			// (another process may be writing them) and takes them a minute later
			ageFiles(t, data, 2*time.Minute)

			server = startFaultsServer(t, data, "")
			defer server.Kill()
			// the files a record names: the fixture's, with the replaced preview's new name
			want := before
			if c.stall == stallImageBeforeCleanup {
				want = replaced(orphaned, fx.PublishedPreview)
			}
			deadline := time.Now().Add(15 * time.Second)
			for !slices.Equal(storedFiles(data), want) && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
			}
			if got := storedFiles(data); !slices.Equal(got, want) {
				t.Fatalf("stored files after the restart:\n%v\nwant\n%v\n(at the kill: %v)\n%s", got, want, orphaned, server.Output())
			}
		})
	}
}

// replaced is what storage should hold once the old preview is gone: the files at the kill
// (the fixture's and the new preview) without the old preview's.
func replaced(atKill []string, oldPreview string) []string {
	var want []string
	for _, f := range atKill {
		if !strings.Contains(f, oldPreview) {
			want = append(want, f)
		}
	}
	if len(want) == len(atKill) {
		return nil // the old preview was not there: nothing can match
	}
	return want
}

// ageFiles sets the clocks of every stored file back by age.
func ageFiles(t *testing.T, dataDir string, age time.Duration) {
	t.Helper()
	then := time.Now().Add(-age)
	for _, f := range storedFiles(dataDir) {
		if err := os.Chtimes(f, then, then); err != nil {
			t.Fatal(err)
		}
	}
}
