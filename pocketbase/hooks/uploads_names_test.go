package hooks_test

import (
	"bytes"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/dicomcheck/dicomtest"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/internal/testenv/craft"
)

// identifyingName is an upload name as a phone or a PACS export gives it; no part of it may
// reach a stored name, a record or the stored files' attributes.
const identifyingName = "Doe John 1970-01-01"

var identifyingParts = []string{"doe", "john", "1970"}

// identifyingInResponse are the parts as a response could spell them.
var identifyingInResponse = []string{"doe", "john", "1970", "Doe", "John", "DOE", "JOHN"}

func TestUploadsNames(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	dcm, err := dicomtest.CT()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		name, method, url string
		fields            map[string]string
		files             map[string][]byte
		want              map[string]*regexp.Regexp // stored name by field
	}{
		{name: "an image's preview and DICOM", method: http.MethodPost, url: "/api/collections/images/records",
			fields: map[string]string{"series": tv.PublishedSeriesID, "index": "9"},
			files:  map[string][]byte{"preview": jpg, "dicom": dcm},
			want:   map[string]*regexp.Regexp{"preview": regexp.MustCompile(`^preview_[a-z0-9]{20}\.jpg$`), "dicom": regexp.MustCompile(`^dicom_[a-z0-9]{20}\.dcm$`)}},
		{name: "a case's PNG header image", method: http.MethodPost, url: "/api/collections/cases/records",
			fields: map[string]string{"author": tv.AuthorID, "title": "Named", "category": "thorax", "status": "draft"},
			files:  map[string][]byte{"header_image": craft.PNG(48, 27)},
			want:   map[string]*regexp.Regexp{"header_image": regexp.MustCompile(`^header_image_[a-z0-9]{20}\.png$`)}},
		{name: "a header image replaced on update", method: http.MethodPatch, url: "/api/collections/cases/records/" + tv.DraftCaseID,
			files: map[string][]byte{"header_image": jpg},
			want:  map[string]*regexp.Regexp{"header_image": regexp.MustCompile(`^header_image_[a-z0-9]{20}\.jpg$`)}},
		{name: "a user's avatar", method: http.MethodPatch, url: "/api/collections/users/records/" + tv.AuthorID,
			files: map[string][]byte{"avatar": craft.PNG(16, 16)},
			want:  map[string]*regexp.Regexp{"avatar": regexp.MustCompile(`^avatar_[a-z0-9]{20}\.png$`)}},
	} {
		body, headers := namedMultipart(t, s.fields, s.files)
		headers["Authorization"] = fx.Tokens[tv.AuthorID]
		(&tests.ApiScenario{Name: s.name, Method: s.method, URL: s.url, Headers: headers, Body: body,
			ExpectedStatus: 200, ExpectedContent: []string{`"id":`}, NotExpectedContent: identifyingInResponse,
			TestAppFactory: fx.NewApp,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				rec := latestUpdated(t, app, strings.Split(s.url, "/")[3])
				for field, pattern := range s.want {
					if got := rec.GetString(field); !pattern.MatchString(got) {
						t.Errorf("%s stored as %q; want %s", field, got, pattern)
					}
				}
				assertNoIdentifyingNameStored(t, app.DataDir())
			}}).Test(t)
	}
}

// namedMultipart is a multipart body whose every file is uploaded as identifyingName + the
// extension a client would give it.
func namedMultipart(t *testing.T, fields map[string]string, files map[string][]byte) (*bytes.Buffer, map[string]string) {
	body := new(bytes.Buffer)
	w := multipart.NewWriter(body)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for field, data := range files {
		ext := ".jpg"
		if field == "dicom" {
			ext = ".dcm"
		}
		part, err := w.CreateFormFile(field, identifyingName+ext) // a PNG named .jpg: the content decides
		if err == nil {
			_, err = part.Write(data)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return body, map[string]string{"Content-Type": w.FormDataContentType()}
}

// latestUpdated is the most recently changed record of collection.
func latestUpdated(t testing.TB, app core.App, collection string) *core.Record {
	t.Helper()
	recs, err := app.FindRecordsByFilter(collection, "", "-updated", 1, 0)
	if err != nil || len(recs) == 0 {
		t.Fatalf("no %s record: %v", collection, err)
	}
	return recs[0]
}

// assertNoIdentifyingNameStored walks the stored files: names and contents (the .attrs
// side-cars keep the uploaded name, tools/filesystem/filesystem.go).
func assertNoIdentifyingNameStored(t testing.TB, dataDir string) {
	t.Helper()
	root := filepath.Join(dataDir, "storage")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		lower := strings.ToLower(path)
		var data []byte
		if strings.HasSuffix(path, ".attrs") {
			if data, err = os.ReadFile(path); err != nil {
				return err
			}
		}
		for _, p := range identifyingParts {
			if strings.Contains(lower[len(root):], p) || bytes.Contains(bytes.ToLower(data), []byte(p)) {
				t.Errorf("%s holds %q from the uploaded name", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
