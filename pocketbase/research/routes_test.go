package research

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

// hidden are the fixture cases that must never be listed or exported.
var hidden = []string{tv.DraftCaseID, tv.HiddenCaseID, tv.RemovedCaseID, tv.BlockedCaseID, noConsentCaseID}

// exported is ExpectedEvents of an export: its one research_exports row (export.go) is the
// only record written, through PocketBase's create chain (core/record_model.go). Every other
// request (a refusal, a summary, an empty selection) fires no hook at all: the routes read
// records directly and write nothing.
var exported = map[string]int{"*": 0,
	"OnModelCreate": 1, "OnModelCreateExecute": 1, "OnModelAfterCreateSuccess": 1, "OnModelValidate": 1,
	"OnRecordCreate": 1, "OnRecordCreateExecute": 1, "OnRecordAfterCreateSuccess": 1, "OnRecordValidate": 1}

func TestResearchAccessRules(t *testing.T) {
	t.Parallel()
	mod := tv.LoadModeration(t)
	export := ExportPath + "?icd=DB92"
	for _, s := range []tests.ApiScenario{
		{Name: "a guest is asked to sign in", Method: http.MethodGet, URL: SummaryPath, ExpectedStatus: 401, ExpectedContent: []string{"researcher account"}},
		{Name: "a guest cannot export", Method: http.MethodGet, URL: export, ExpectedStatus: 401, ExpectedContent: []string{"researcher account"}},
		{Name: "a contributor gets 403 on the summary", Method: http.MethodGet, URL: SummaryPath, Headers: mod.Auth(tv.AuthorID),
			ExpectedStatus: 403, ExpectedContent: []string{"Only researchers"}, NotExpectedContent: []string{tv.PublishedCaseID}},
		{Name: "a contributor gets 403 on the export", Method: http.MethodGet, URL: export, Headers: mod.Auth(tv.OtherID),
			ExpectedStatus: 403, ExpectedContent: []string{"Only researchers"}},
		{Name: "a contributor's file token gets 403", Method: http.MethodGet, URL: export + "&token=" + mod.FileTokens[tv.AuthorID],
			ExpectedStatus: 403, ExpectedContent: []string{"Only researchers"}},
		{Name: "a blocked user gets 403", Method: http.MethodGet, URL: SummaryPath, Headers: mod.Auth(tv.BlockedID),
			ExpectedStatus: 403, ExpectedContent: []string{"Only researchers"}},
		{Name: "a researcher sees only public, consented cases with DICOM", Method: http.MethodGet, URL: SummaryPath, Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 200,
			ExpectedContent: []string{`"totals":{"cases":2,"series":2,"instances":7,`, `"id":"` + tv.PublishedCaseID + `"`, `"id":"` + volumeCaseID + `"`,
				`{"code":"DB92","title":"Non-alcoholic fatty liver disease","cases":1,"series":1,"instances":1,`,
				`{"code":"DB94.10","title":"Alcoholic hepatitis with cirrhosis","cases":1,"series":1,"instances":6,`},
			NotExpectedContent: hidden},
		{Name: "a superuser may see the summary", Method: http.MethodGet, URL: SummaryPath, Headers: mod.Auth("superuser"),
			ExpectedStatus: 200, ExpectedContent: []string{`"cases":2,`}, NotExpectedContent: hidden},
		{Name: "a code prefix matches its children after the dot", Method: http.MethodGet, URL: SummaryPath + "?icd=db94", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 200, ExpectedContent: []string{`"totals":{"cases":1,"series":1,"instances":6,`, volumeCaseID, `"selection":{"icd":"DB94"}`},
			NotExpectedContent: []string{tv.PublishedCaseID}},
		{Name: "a prefix with a dot matches deeper codes", Method: http.MethodGet, URL: SummaryPath + "?icd=DB94.1", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 200, ExpectedContent: []string{volumeCaseID}, NotExpectedContent: []string{tv.PublishedCaseID}},
		{Name: "a code is not a bare string prefix (DB9 is not DB92)", Method: http.MethodGet, URL: SummaryPath + "?icd=DB9", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 200, ExpectedContent: []string{`"totals":{"cases":0,`}},
		{Name: "region and text filters", Method: http.MethodGet, URL: SummaryPath + "?region=segment%20vi&q=arterial&category=abdomen", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 200, ExpectedContent: []string{`"cases":1,`, volumeCaseID}, NotExpectedContent: []string{tv.PublishedCaseID}},
		{Name: "a date range before every case selects none", Method: http.MethodGet, URL: SummaryPath + "?from=2000-01-01&to=2000-12-31", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 200, ExpectedContent: []string{`"totals":{"cases":0,`}},
		{Name: "a wrong category is a 400 that says why", Method: http.MethodGet, URL: SummaryPath + "?category=liver", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 400, ExpectedContent: []string{`\"liver\" is not one of abdomen`}},
		{Name: "a malformed code is a 400", Method: http.MethodGet, URL: SummaryPath + "?icd=DB9%25", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 400, ExpectedContent: []string{"not an ICD-11 code"}},
		{Name: "an empty selection is a 404 that says so, and no ZIP", Method: http.MethodGet, URL: ExportPath + "?icd=DB95", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 404, ExpectedContent: []string{"selection is empty"}},
		{Name: "a researcher's file token downloads the ZIP", Method: http.MethodGet, URL: export + "&token=" + mod.FileTokens[tv.ResearcherID],
			ExpectedStatus: 200, ExpectedContent: []string{"labels/" + tv.PublishedCaseID + ".dcm"}, NotExpectedContent: hidden,
			ExpectedEvents: exported,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if ct := res.Header.Get("Content-Type"); ct != "application/zip" {
					t.Errorf("content type %q", ct)
				}
			}},
	} {
		if s.ExpectedEvents == nil {
			s.ExpectedEvents = map[string]int{"*": 0}
		}
		s.TestAppFactory = newApp
		s.Test(t)
	}
}

// TestExportContentsAndAudit downloads the whole dataset and checks its files against the
// manifest and SHA256SUMS, and the audit row against the bytes received.
func TestExportContentsAndAudit(t *testing.T) {
	t.Parallel()
	mod := tv.LoadModeration(t)
	(&tests.ApiScenario{
		Name: "a researcher exports everything", Method: http.MethodGet, URL: ExportPath, Headers: mod.Auth(tv.ResearcherID),
		ExpectedStatus: 200, ExpectedContent: []string{"SHA256SUMS"}, NotExpectedContent: hidden, TestAppFactory: newApp,
		ExpectedEvents: exported,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			body := new(bytes.Buffer)
			body.ReadFrom(res.Body)
			names, files := unzip(t, body.Bytes())
			want := []string{"cases/" + tv.PublishedCaseID + "/" + tv.PublishedSeriesID + "/00001.dcm", "labels/" + tv.PublishedCaseID + ".dcm"}
			for i := 1; i <= volumeSlices; i++ {
				want = append(want, "cases/"+volumeCaseID+"/"+volumeSeriesID+"/0000"+itoa(i)+".dcm")
			}
			want = append(want, "labels/"+volumeCaseID+".dcm", "manifest.csv", "manifest.json", "datalist.json", "README.md", "SHA256SUMS")
			if !slices.Equal(names, want) {
				t.Fatalf("entries:\n%v\nwant:\n%v", names, want)
			}
			checkSums(t, files)
			checkManifest(t, files)
			if !bytes.Equal(files["cases/"+volumeCaseID+"/"+volumeSeriesID+"/00003.dcm"], volume.Slice(2)) {
				t.Error("a DICOM file differs from the one stored")
			}
			card := string(files["README.md"])
			for _, s := range []string{"---\nlicense: other", "size_categories:\n- n<1K", "task_categories:", "| 1 | DB94.10 | Alcoholic hepatitis with cirrhosis | 1 | 1 | 6 |", "113107", ConsentEs, "## Citation"} {
				if !strings.Contains(card, s) {
					t.Errorf("README.md lacks %q", s)
				}
			}

			rows, err := app.FindAllRecords("research_exports")
			if err != nil || len(rows) != 1 {
				t.Fatalf("audit rows: %d, %v", len(rows), err)
			}
			sum := sha256.Sum256(body.Bytes())
			r := rows[0]
			if r.GetString("actor") != tv.ResearcherID || r.GetString("status") != "complete" || r.GetString("sha256") != hex.EncodeToString(sum[:]) ||
				r.GetInt("bytes") != body.Len() || r.GetInt("cases") != 2 || r.GetInt("series") != 2 || r.GetInt("instances") != 7 {
				t.Errorf("audit row %v", r.PublicExport())
			}
		},
	}).Test(t)
}

func checkSums(t testing.TB, files map[string][]byte) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(files["SHA256SUMS"])), "\n")
	if len(lines) != len(files)-1 {
		t.Errorf("SHA256SUMS has %d lines for %d files", len(lines), len(files)-1)
	}
	for _, l := range lines {
		sum, name, _ := strings.Cut(l, "  ")
		got := sha256.Sum256(files[name])
		if hex.EncodeToString(got[:]) != sum {
			t.Errorf("checksum of %s", name)
		}
	}
}
