package testenv

import (
	"fmt"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// Moderation fixture ids, on top of the shared fixture's.
const (
	ReaderID           = "ureader00000001"
	BlockedID          = "ublocked0000001"
	HiddenCaseID       = "chidden00000001"
	RemovedCaseID      = "cremoved0000001"
	BlockedCaseID      = "cblocked0000001"
	HiddenReason       = "A name is burned into slice 3."
	RemovedReason      = "Copied from a textbook."
	BlockedReason      = "Spam."
	OpenReportOnHidden = "rhidden00000001"
)

// ModeratedCase is one case of the moderation fixture with everything that serves a file.
type ModeratedCase struct {
	// Status names the case's situation: draft, published, hidden, removed, or blocked
	// (published by a blocked author).
	Status                            string
	Case, Series, Image, Owner, Title string
	// Stored file names.
	Preview, Header, Dicom string
}

// Moderation is the fixture with one case in every moderation situation, each with a
// series, an image (preview + DICOM), a header image and research consent.
type Moderation struct {
	*Fixture
	Cases []ModeratedCase
}

var (
	modOnce   sync.Once
	modShared *Moderation
	modErr    error
)

// LoadModeration returns the moderation fixture, building it on first use (a data
// directory of its own, so the shared fixture's counts stay as its tests expect).
func LoadModeration(t testing.TB) *Moderation {
	t.Helper()
	modOnce.Do(func() {
		var f *Fixture
		f, modErr = build()
		if modErr != nil {
			return
		}
		modShared = &Moderation{Fixture: f}
		modErr = modShared.populate()
	})
	if modErr != nil {
		t.Fatalf("testenv: moderation fixture: %v", modErr)
	}
	return modShared
}

// Case returns the fixture case in situation status.
func (m *Moderation) Case(status string) ModeratedCase {
	for _, c := range m.Cases {
		if c.Status == status {
			return c
		}
	}
	panic("testenv: no moderated case " + status)
}

func (m *Moderation) populate() error {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: m.Dir, EncryptionEnv: "pb_test_env"})
	if err := app.Bootstrap(); err != nil {
		return err
	}
	defer app.ResetBootstrapState()

	for _, u := range []struct {
		id, username string
		blocked      bool
	}{{ReaderID, "reader", false}, {BlockedID, "blocked", true}} {
		data := map[string]any{"email": u.username + "@cassette.test", "username": u.username, "role": "contributor",
			"verified": true, "password": Password, "language": "es"}
		if u.blocked {
			data["blocked"], data["blocked_reason"] = true, BlockedReason
		}
		rec, err := newRecord(app, "users", u.id, data)
		if err != nil {
			return err
		}
		if err := m.remember(u.id, rec); err != nil {
			return err
		}
	}

	cases := []struct {
		status, id, owner, reason string
	}{
		{"draft", DraftCaseID, AuthorID, ""},
		{"published", PublishedCaseID, AuthorID, ""},
		{"hidden", HiddenCaseID, AuthorID, HiddenReason},
		{"removed", RemovedCaseID, AuthorID, RemovedReason},
		{"blocked", BlockedCaseID, BlockedID, ""},
	}
	for _, c := range cases {
		mc, err := addModeratedCase(app, c.status, c.id, c.owner, c.reason)
		if err != nil {
			return err
		}
		m.Cases = append(m.Cases, mc)
	}
	// an open report on a case that is no longer public (it was published when reported)
	_, err := newRecord(app, "reports", OpenReportOnHidden, map[string]any{"case": HiddenCaseID, "reporter": ReaderID, "reason": "phi", "status": "open"})
	return err
}

// addModeratedCase creates (or, for the shared fixture's draft and published cases,
// completes) a case with a header image, a series and an image with both files.
func addModeratedCase(app core.App, status, id, owner, reason string) (ModeratedCase, error) {
	mc := ModeratedCase{Status: status, Case: id, Owner: owner, Series: "s" + id[1:], Image: "i" + id[1:]}
	jpg, err := PreviewBytes()
	if err != nil {
		return mc, err
	}
	header, err := filesystem.NewFileFromBytes(jpg, "header.jpg")
	if err != nil {
		return mc, err
	}
	c, err := app.FindRecordById("cases", id)
	if err != nil {
		dbStatus := status
		if status == "blocked" {
			dbStatus = "published"
		}
		c = core.NewRecord(mustCollection(app, "cases"))
		c.Id = id
		c.Load(map[string]any{"author": owner, "title": "Case " + status, "category": "abdomen", "status": dbStatus,
			"phi_acknowledged": true, "moderation_reason": reason})
	}
	// consent (so the DICOM is kept) needs a bundled ICD-11 code (hooks/cases_validation.go)
	c.Set("research_consent", true)
	c.Set("icd11_code", "DB92")
	c.Set("icd11_title", "Non-alcoholic fatty liver disease")
	c.Set("header_image", header)
	if err := app.Save(c); err != nil {
		return mc, fmt.Errorf("fixture case %s: %w", id, err)
	}
	mc.Title, mc.Header = c.GetString("title"), c.GetString("header_image")

	// the shared fixture's cases already have a series and an image
	if existing, err := app.FindRecordById("series", mc.Series); err == nil {
		images, err := app.FindRecordsByFilter("images", "series = {:s}", "", 1, 0, map[string]any{"s": existing.Id})
		if err != nil || len(images) == 0 {
			return mc, fmt.Errorf("fixture image of %s: %v", id, err)
		}
		mc.Image, mc.Preview, mc.Dicom = images[0].Id, images[0].GetString("preview"), images[0].GetString("dicom")
		return mc, nil
	}
	if _, err := newRecord(app, "series", mc.Series, map[string]any{"case": id, "plane": "axial", "description": "Series " + status}); err != nil {
		return mc, err
	}
	preview, err := filesystem.NewFileFromBytes(jpg, "preview.jpg")
	if err != nil {
		return mc, err
	}
	dicom, err := filesystem.NewFileFromBytes(DicomBytes(), "slice.dcm")
	if err != nil {
		return mc, err
	}
	img, err := newRecord(app, "images", mc.Image, map[string]any{"series": mc.Series, "index": 0, "preview": preview, "dicom": dicom})
	if err != nil {
		return mc, err
	}
	mc.Preview, mc.Dicom = img.GetString("preview"), img.GetString("dicom")
	return mc, nil
}

func mustCollection(app core.App, name string) *core.Collection {
	col, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		panic(err) // the migrations create every collection the fixture uses
	}
	return col
}
