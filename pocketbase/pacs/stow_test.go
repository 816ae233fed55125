package pacs

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/research"
)

func TestMain(m *testing.M) {
	code := m.Run()
	tv.Cleanup()
	os.Exit(code)
}

const volumeCaseID = "cstowvolume0001"

// researchExport is the ZIP a researcher downloads from the server (pocketbase/research): the
// moderation fixture's public consented case plus a consented 6-slice CT volume, with their SRs.
func researchExport(t *testing.T) []byte {
	t.Helper()
	mod := tv.LoadModeration(t)
	var zipBytes []byte
	scenario := tests.ApiScenario{
		Name: "a researcher exports the consented cases", Method: http.MethodGet, URL: research.ExportPath, Headers: mod.Auth(tv.ResearcherID),
		ExpectedStatus: 200, ExpectedContent: []string{"SHA256SUMS", "labels/" + volumeCaseID + ".dcm"},
		TestAppFactory: func(t testing.TB) *tests.TestApp {
			app, err := tests.NewTestApp(mod.Dir)
			if err != nil {
				t.Fatal(err)
			}
			addVolumeCase(t, app)
			hooks.Register(app)
			research.Register(app)
			return app
		},
		AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			zipBytes, _ = io.ReadAll(res.Body)
		},
	}
	scenario.Test(t)
	return zipBytes
}

func addVolumeCase(t testing.TB, app core.App) {
	volume := research.SyntheticSeries{Key: "stow test volume", Slices: 6, Rows: 12, Columns: 10, PixelSpacing: 0.7, SliceSpacing: 2.5}
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	save := func(collection, id string, data map[string]any) {
		col, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		rec := core.NewRecord(col)
		rec.Id = id
		rec.Load(data)
		if err := app.Save(rec); err != nil {
			t.Fatalf("%s %s: %v", collection, id, err)
		}
	}
	file := func(b []byte, name string) *filesystem.File {
		f, err := filesystem.NewFileFromBytes(b, name)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	save("cases", volumeCaseID, map[string]any{"author": tv.OtherID, "title": "Volume", "category": "abdomen", "status": "published",
		"research_consent": true, "icd11_code": "DB94.10", "icd11_title": "Alcoholic hepatitis with cirrhosis", "phi_acknowledged": true,
		"region_of_interest": "Segment VI"})
	save("series", "sstowvolume0001", map[string]any{"case": volumeCaseID, "plane": "axial", "description": "Portal venous"})
	for i := 0; i < volume.Slices; i++ {
		save("images", "istowvolume000"+strconv.Itoa(i), map[string]any{"series": "sstowvolume0001", "index": i,
			"preview": file(jpg, "p.jpg"), "dicom": file(volume.Slice(i), "s.dcm")})
	}
}

// uidsOf reads the Study and SOP Instance UIDs of a Part 10 file.
func uidsOf(t *testing.T, b []byte) (study, instance string) {
	t.Helper()
	ds, err := dicom.Parse(bytes.NewReader(b), int64(len(b)), nil, dicom.SkipPixelData())
	if err != nil {
		t.Fatal(err)
	}
	get := func(tg tag.Tag) string {
		el, err := ds.FindElementByTag(tg)
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimRight(dicom.MustGetStrings(el.Value)[0], "\x00 ")
	}
	return get(tag.StudyInstanceUID), get(tag.SOPInstanceUID)
}

func TestStoreResearchExportToOrthanc(t *testing.T) {
	t.Parallel()
	archive := startOrthanc(t)
	zipBytes := researchExport(t)
	var seen []string
	reports, err := StoreResearchExport(context.Background(), archive.target(), bytes.NewReader(zipBytes), int64(len(zipBytes)), func(r CaseReport) { seen = append(seen, r.Case) })
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 2 || len(seen) != 2 {
		t.Fatalf("want the 2 consented public cases reported, got %+v", reports)
	}
	for _, r := range reports {
		if r.Err != nil || len(r.Stored) != r.Instances || len(r.Failed) != 0 || r.Attempts != 1 {
			t.Fatalf("case %s: %+v", r.Case, r)
		}
	}
	if reports[0].Instances+reports[1].Instances != 1+6+2 {
		t.Fatalf("want 7 images and 2 SRs sent, got %d + %d", reports[0].Instances, reports[1].Instances)
	}

	// QIDO-RS on the research archive finds every image and the SR by their de-identified UIDs
	_, files := unzipAll(t, zipBytes)
	for name, data := range files {
		if !strings.HasSuffix(name, ".dcm") {
			continue
		}
		study, instance := uidsOf(t, data)
		var found []map[string]any
		archive.get(t, "/dicom-web/studies/"+study+"/instances?00080018="+url.QueryEscape(instance), &found)
		if len(found) != 1 {
			t.Fatalf("%s: QIDO found %d instances for %s", name, len(found), instance)
		}
	}

	// the archive holds each SR byte for byte as the server wrote it, and it passes dciodvfy
	bin, err := exec.LookPath("dciodvfy")
	if err != nil {
		t.Fatal("dciodvfy (Debian dicom3tools) is needed: npm test installs it")
	}
	for _, id := range []string{tv.PublishedCaseID, volumeCaseID} {
		sent := files["labels/"+id+".dcm"]
		stored := archive.file(t, sent)
		if !bytes.Equal(stored, sent) {
			t.Fatalf("%s: the archive holds an SR that differs from the one sent", id)
		}
		if !bytes.Contains(stored, []byte("I11")) {
			t.Fatalf("%s: the SR carries no I11 code", id)
		}
		path := filepath.Join(t.TempDir(), id+".dcm")
		if err := os.WriteFile(path, stored, 0o600); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command(bin, "-new", path).CombinedOutput()
		if strings.Contains(string(out), "Error") {
			t.Fatalf("%s: dciodvfy reports errors in the stored SR:\n%s", id, out)
		}
	}
}

func TestStoreFailures(t *testing.T) {
	t.Parallel()
	archive := startOrthanc(t)
	zipBytes := researchExport(t)
	send := func(target Target) ([]CaseReport, error) {
		return StoreResearchExport(context.Background(), target, bytes.NewReader(zipBytes), int64(len(zipBytes)), nil)
	}

	t.Run("a wrong password is final: 401, one attempt, nothing stored", func(t *testing.T) {
		target := archive.target()
		target.Password, target.Retries, target.Backoff = "wrong", 3, time.Millisecond
		reports, err := send(target)
		var status *StatusError
		if err != nil || len(reports) == 0 || !errors.As(reports[0].Err, &status) || status.Status != 401 || reports[0].Attempts != 1 {
			t.Fatalf("got %v / %+v", err, reports)
		}
	})

	t.Run("an unreachable archive is retried, then reported per case", func(t *testing.T) {
		target := Target{URL: "http://127.0.0.1:" + strconv.Itoa(tv.FreePort(t)) + "/dicom-web", Retries: 2, Backoff: time.Millisecond}
		reports, err := send(target)
		if err != nil || len(reports) != 2 || reports[0].Err == nil || reports[0].Attempts != 3 {
			t.Fatalf("got %v / %+v", err, reports)
		}
	})

	t.Run("a busy archive (503 twice) is retried and then stores everything", func(t *testing.T) {
		upstream, _ := url.Parse(archive.URL)
		proxy := httputil.NewSingleHostReverseProxy(upstream)
		var calls atomic.Int32
		busy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) <= 2 {
				_, _ = io.Copy(io.Discard, r.Body)
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			proxy.ServeHTTP(w, r)
		}))
		defer busy.Close()
		target := archive.target()
		target.URL, target.Retries, target.Backoff = busy.URL+"/dicom-web", 3, time.Millisecond
		reports, err := send(target)
		if err != nil || reports[0].Err != nil || reports[0].Attempts != 3 || len(reports[0].Stored) != reports[0].Instances {
			t.Fatalf("got %v / %+v", err, reports)
		}
	})

	t.Run("a ZIP that is not a research export is refused before sending", func(t *testing.T) {
		if _, err := StoreResearchExport(context.Background(), archive.target(), bytes.NewReader([]byte("not a zip")), 9, nil); err == nil {
			t.Fatal("want an error")
		}
	})
}
