package hooks_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// serverEnv makes this test binary run a real server (TestHelperCassetteServer) instead of tests.
const serverEnv = "CASSETTE_TEST_SERVER_DIR"

// runHelperServer is what this test binary does when TestMain finds serverEnv set: it serves
// the data directory there with Cassette's hooks until it is killed (as exec's own tests use
// their binary).
func runHelperServer(dir string) {
	os.Args = []string{"cassette-server", "serve", "--dir", dir, "--http", os.Getenv(serverEnv + "_ADDR")}
	app := pocketbase.New()
	hooks.Register(app)
	if err := app.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// TestUploadsTmpCleanupAfterKill kills the server with SIGKILL while an upload is being
// received, finds the orphans, restarts it and finds them gone, while files that may still be
// in use are kept.
func TestUploadsTmpCleanupAfterKill(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	data := t.TempDir()
	if err := os.CopyFS(data, os.DirFS(fx.Dir)); err != nil {
		t.Fatal(err)
	}
	systemTmp := t.TempDir() // the server's "system" temp folder (TMPDIR at its start)

	server := startServer(t, data, systemTmp)
	upload := startSlowUpload(t, server.URL, fx.Tokens[tv.AuthorID])
	orphan := waitForFile(t, filepath.Join(data, ".cassette_tmp", "serve-*", "multipart-*"))
	server.Kill()
	upload.Close()
	if _, err := os.Stat(orphan); err != nil {
		t.Fatalf("the multipart copy of the killed upload is gone before the restart: %v", err)
	}

	// What a kill during PocketBase's copy into storage leaves (fileblob's createTemp names),
	// and the same left in the system temp folder by an older server; their clocks set back
	// as if the server had stayed down that long. The fresh ones may belong to a live writer.
	storageDirs, _ := filepath.Glob(filepath.Join(data, "storage", "*", tv.PublishedImageID))
	if len(storageDirs) != 1 {
		t.Fatalf("the fixture image's storage folder: found %v", storageDirs)
	}
	storageDir := storageDirs[0]
	staleStorage := plant(t, filepath.Join(storageDir, "preview_abc.jpg.18a2b3c4d5e6f708.tmp"), 2*time.Minute)
	freshStorage := plant(t, filepath.Join(storageDir, "preview_def.jpg.18a2b3c4d5e6f709.tmp"), 0)
	staleSystem := plant(t, filepath.Join(systemTmp, "multipart-1234567"), 2*time.Hour)
	freshSystem := plant(t, filepath.Join(systemTmp, "multipart-7654321"), 0)

	server = startServer(t, data, systemTmp)
	defer server.Kill()
	for _, gone := range []string{orphan, filepath.Dir(orphan), staleStorage, staleSystem} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s is still there after the restart (%v)", gone, err)
		}
	}
	for _, kept := range []string{freshStorage, freshSystem} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("%s, recently written, was removed: %v", kept, err)
		}
	}
	live, _ := filepath.Glob(filepath.Join(data, ".cassette_tmp", "serve-*", ".lock"))
	if len(live) != 1 {
		t.Errorf("%d locked temporary folders; want the restarted server's one", len(live))
	}
}

// startServer runs this test binary as a server on data, with systemTmp as its TMPDIR.
func startServer(t *testing.T, data, systemTmp string) *tv.ChildServer {
	t.Helper()
	return tv.StartChildServer(t, serverEnv+"_ADDR", []string{serverEnv + "=" + data, "TMPDIR=" + systemTmp, "CASSETTE_RATE_LIMITS=off"}, nil)
}

// startSlowUpload sends the head of a 40 MB DICOM upload (past the 16 MB the multipart parser
// keeps in memory) and then holds the connection open; Close ends it.
func startSlowUpload(t *testing.T, url, token string) io.Closer {
	t.Helper()
	r, w := io.Pipe()
	mw := multipart.NewWriter(w)
	req, err := http.NewRequest(http.MethodPost, url+"/api/collections/images/records", r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", token)
	req.ContentLength = 40 << 20
	go func() {
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	go func() {
		_ = mw.WriteField("series", tv.PublishedSeriesID)
		part, err := mw.CreateFormFile("dicom", "slice.dcm")
		if err == nil {
			_, _ = part.Write(bytes.Repeat([]byte{0}, 20<<20))
		}
		// the rest never comes: the client stalls until the test closes the pipe
	}()
	return w
}

// waitForFile returns the first file matching pattern once it exists and is not empty.
func waitForFile(t *testing.T, pattern string) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if info, err := os.Stat(m); err == nil && info.Size() > 0 {
				return m
			}
		}
	}
	t.Fatalf("no %s appeared while the upload was being received", pattern)
	return ""
}

// plant writes a leftover file last modified age ago.
func plant(t *testing.T, path string, age time.Duration) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Repeat("half an upload ", 64)), 0o644); err != nil {
		t.Fatal(err)
	}
	then := time.Now().Add(-age)
	if err := os.Chtimes(path, then, then); err != nil {
		t.Fatal(err)
	}
	return path
}
