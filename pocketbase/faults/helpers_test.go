package faults_test

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// imageUpload is the outbox's request for one slice: a preview and its DICOM
// in the author's published series.
func imageUpload(t testing.TB, fx *tv.Fixture, index string) (*bytes.Buffer, map[string]string) {
	t.Helper()
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	body := &bytes.Buffer{}
	w := multipart.NewWriter(body)
	w.WriteField("series", tv.PublishedSeriesID)
	w.WriteField("index", index)
	for field, b := range map[string][]byte{"preview": jpg, "dicom": tv.DicomBytes()} {
		part, err := w.CreateFormFile(field, field+".bin")
		if err != nil {
			t.Fatal(err)
		}
		part.Write(b)
	}
	w.Close()
	return body, map[string]string{"Content-Type": w.FormDataContentType(), "Authorization": fx.Tokens[tv.AuthorID]}
}

// assertStorageFault checks the 503's code and Retry-After.
func assertStorageFault(t testing.TB, res *http.Response, code string) {
	t.Helper()
	var body struct {
		Data struct {
			Storage struct{ Code string } `json:"storage"`
		} `json:"data"`
	}
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &body); err != nil || body.Data.Storage.Code != code {
		t.Errorf("answer %s; want data.storage.code %q", raw, code)
	}
	if got := res.Header.Get("Retry-After"); got != hooks.StorageRetryAfter {
		t.Errorf("Retry-After %q; want %q", got, hooks.StorageRetryAfter)
	}
}

// assertNothingSaved checks that no image was added and no stored file (nor
// a blob store temp file) is left behind.
func assertNothingSaved(t testing.TB, app *tests.TestApp, filesBefore []string) {
	t.Helper()
	if n, _ := app.CountRecords("images"); n != 2 {
		t.Errorf("%d images after the failed upload; want the fixture's 2", n)
	}
	if after := storedFiles(app.DataDir()); len(after) != len(filesBefore) {
		t.Errorf("stored files %v after the failed upload; want %v", after, filesBefore)
	}
}

// storedFiles lists every file under the data dir's storage folder.
func storedFiles(dataDir string) []string {
	var out []string
	filepath.WalkDir(filepath.Join(dataDir, "storage"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out
}

// multipartOf is a multipart body with fields and, when fileField is set, a
// preview JPEG in it; it returns the body and its Content-Type.
func multipartOf(t testing.TB, fields map[string]string, fileField string) (*bytes.Buffer, string) {
	t.Helper()
	body := &bytes.Buffer{}
	w := multipart.NewWriter(body)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if fileField != "" {
		jpg, err := tv.PreviewBytes()
		if err != nil {
			t.Fatal(err)
		}
		part, err := w.CreateFormFile(fileField, "header.jpg")
		if err != nil {
			t.Fatal(err)
		}
		part.Write(jpg)
	}
	w.Close()
	return body, w.FormDataContentType()
}
