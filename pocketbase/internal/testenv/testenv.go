// Package testenv builds a migrated PocketBase data directory with Cassette
// fixtures once per test binary, and hands out disposable clones of it.
package testenv

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"os"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"cassette/pocketbase/dicomcheck/dicomtest"
	"cassette/pocketbase/hooks"
	_ "cassette/pocketbase/migrations"
	"cassette/pocketbase/seed"
)

// Fixture record ids (15 characters, as PocketBase ids are).
const (
	AuthorID          = "uauthor00000001"
	OtherID           = "uother000000001"
	UnverifiedID      = "uunverified0001"
	ResearcherID      = "uresearcher0001"
	PublishedCaseID   = "cpublished00001"
	DraftCaseID       = "cdraft000000001"
	OtherDraftCaseID  = "cother000000001"
	PublishedSeriesID = "spublished00001"
	DraftSeriesID     = "sdraft000000001"
	PublishedImageID  = "ipublished00001"
	DraftImageID      = "idraft000000001"
	ReportID          = "rreport00000001"
	SuperuserEmail    = "admin@cassette.test"
	Password          = "fixture-pass-123"
)

// Fixture is the template data directory and what tests need to act on it.
type Fixture struct {
	Dir string
	// Tokens are auth tokens by user id, plus "superuser".
	Tokens map[string]string
	// FileTokens are file tokens by user id, plus "superuser".
	FileTokens map[string]string
	// PublishedDicom and DraftDicom are the stored dicom file names.
	PublishedDicom string
	DraftDicom     string
	// PublishedPreview is the stored preview file name of PublishedImageID.
	PublishedPreview string
}

var (
	once    sync.Once
	shared  *Fixture
	loadErr error
)

// Load returns the shared fixture, building it on first use.
func Load(t testing.TB) *Fixture {
	t.Helper()
	once.Do(func() { shared, loadErr = build() })
	if loadErr != nil {
		t.Fatalf("testenv: %v", loadErr)
	}
	return shared
}

// Cleanup removes the template directories; call it from TestMain.
func Cleanup() {
	if shared != nil {
		os.RemoveAll(shared.Dir)
	}
	if modShared != nil {
		os.RemoveAll(modShared.Dir)
	}
}

// NewApp returns a fresh clone of the fixture with Cassette's hooks bound,
// as main binds them. Usable directly as an ApiScenario TestAppFactory.
func (f *Fixture) NewApp(t testing.TB) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(f.Dir)
	if err != nil {
		t.Fatalf("testenv: new test app: %v", err)
	}
	hooks.Register(app)
	return app
}

// Auth returns the Authorization header for a fixture user id (or "superuser").
func (f *Fixture) Auth(who string) map[string]string {
	return map[string]string{"Authorization": f.Tokens[who]}
}

// DicomBytes is a small de-identified CT image in DICOM Part 10, as the app uploads it
// (see dicomcheck/dicomtest), so it passes the server's DICOM checks.
func DicomBytes() []byte {
	b, err := dicomtest.CT()
	if err != nil {
		panic(err) // the builder's fixed dataset always writes
	}
	return b
}

// PreviewBytes is a small synthetic JPEG preview.
func PreviewBytes() ([]byte, error) {
	return seed.SliceJPEG(seed.Axial, 0, 1)
}

func build() (*Fixture, error) {
	dir, err := os.MkdirTemp("", "cassette-testenv-")
	if err != nil {
		return nil, err
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env"})
	if err := app.Bootstrap(); err != nil {
		return nil, err
	}
	defer app.ResetBootstrapState()
	if err := app.RunAllMigrations(); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if err := lengthenFileTokens(app); err != nil {
		return nil, err
	}
	f := &Fixture{Dir: dir, Tokens: map[string]string{}, FileTokens: map[string]string{}}
	if err := f.populate(app); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *Fixture) populate(app core.App) error {
	users := []struct {
		id, username, role string
		verified           bool
	}{
		{AuthorID, "author", "contributor", true},
		{OtherID, "other", "contributor", true},
		{UnverifiedID, "unverified", "contributor", false},
		{ResearcherID, "researcher", "researcher", true},
	}
	for _, u := range users {
		rec, err := newRecord(app, "users", u.id, map[string]any{
			"email": u.username + "@cassette.test", "username": u.username, "role": u.role,
			"verified": u.verified, "password": Password, "language": "en",
		})
		if err != nil {
			return err
		}
		if err := f.remember(u.id, rec); err != nil {
			return err
		}
	}

	super, err := newRecord(app, core.CollectionNameSuperusers, "", map[string]any{"email": SuperuserEmail, "password": Password})
	if err != nil {
		return err
	}
	if err := f.remember("superuser", super); err != nil {
		return err
	}

	records := []struct {
		collection, id string
		data           map[string]any
	}{
		{"cases", PublishedCaseID, map[string]any{"author": AuthorID, "title": "Published case", "category": "abdomen", "status": "published", "research_consent": true,
			"icd11_code": "DB92", "icd11_title": "Non-alcoholic fatty liver disease", "phi_acknowledged": true}},
		{"cases", DraftCaseID, map[string]any{"author": AuthorID, "title": "Draft case", "category": "thorax", "status": "draft"}},
		{"cases", OtherDraftCaseID, map[string]any{"author": OtherID, "title": "Other draft", "category": "other", "status": "draft"}},
		{"series", PublishedSeriesID, map[string]any{"case": PublishedCaseID, "plane": "axial", "description": "Published series"}},
		{"series", DraftSeriesID, map[string]any{"case": DraftCaseID, "plane": "coronal", "description": "Draft series"}},
		{"reports", ReportID, map[string]any{"case": PublishedCaseID, "reporter": OtherID, "reason": "other", "details": "Report details", "status": "open"}},
	}
	for _, r := range records {
		if _, err := newRecord(app, r.collection, r.id, r.data); err != nil {
			return err
		}
	}

	for _, img := range []struct {
		id, series string
		dicomName  *string
	}{
		{PublishedImageID, PublishedSeriesID, &f.PublishedDicom},
		{DraftImageID, DraftSeriesID, &f.DraftDicom},
	} {
		jpg, err := PreviewBytes()
		if err != nil {
			return err
		}
		preview, err := filesystem.NewFileFromBytes(jpg, "preview.jpg")
		if err != nil {
			return err
		}
		dicom, err := filesystem.NewFileFromBytes(DicomBytes(), "slice.dcm")
		if err != nil {
			return err
		}
		rec, err := newRecord(app, "images", img.id, map[string]any{"series": img.series, "index": 0, "preview": preview, "dicom": dicom})
		if err != nil {
			return err
		}
		*img.dicomName = rec.GetString("dicom")
		if img.id == PublishedImageID {
			f.PublishedPreview = rec.GetString("preview")
		}
	}
	return nil
}

func (f *Fixture) remember(key string, rec *core.Record) error {
	token, err := rec.NewAuthToken()
	if err != nil {
		return err
	}
	fileToken, err := rec.NewFileToken()
	if err != nil {
		return err
	}
	f.Tokens[key], f.FileTokens[key] = token, fileToken
	return nil
}

func newRecord(app core.App, collection, id string, data map[string]any) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	rec := core.NewRecord(col)
	if id != "" {
		rec.Id = id
	}
	rec.Load(data)
	if pw, ok := data["password"].(string); ok {
		rec.SetPassword(pw)
	}
	if err := app.Save(rec); err != nil {
		return nil, fmt.Errorf("fixture %s/%s: %w", collection, id, err)
	}
	return rec, nil
}

// lengthenFileTokens makes file tokens (3 minutes by default) outlive a slow
// test run, since they are minted once when the fixture is built.
func lengthenFileTokens(app core.App) error {
	for _, name := range []string{"users", core.CollectionNameSuperusers} {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		col.FileToken.Duration = 3600
		if err := app.Save(col); err != nil {
			return err
		}
	}
	return nil
}

// Multipart encodes fields and files (name -> bytes, sent as name+ext) as a
// multipart/form-data body and returns it with its Content-Type header.
func Multipart(fields map[string]string, files map[string][]byte, ext map[string]string) (*bytes.Buffer, map[string]string, error) {
	body := new(bytes.Buffer)
	w := multipart.NewWriter(body)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			return nil, nil, err
		}
	}
	for k, data := range files {
		part, err := w.CreateFormFile(k, k+ext[k])
		if err != nil {
			return nil, nil, err
		}
		if _, err := part.Write(data); err != nil {
			return nil, nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, nil, err
	}
	return body, map[string]string{"Content-Type": w.FormDataContentType()}, nil
}
