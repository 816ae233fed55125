package pacs

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/research"
)

// notExportable are the moderation fixture's cases that must never reach the archive: a draft,
// a hidden and a removed case, and a published case whose author is blocked (all consented, with DICOM).
var notExportable = []string{tv.DraftCaseID, tv.HiddenCaseID, tv.RemovedCaseID, tv.BlockedCaseID}

// appWithArchive is the moderation fixture plus the consented 6-slice volume case, with the
// hooks, the research routes and the archive routes sending to target (nil: none configured).
func appWithArchive(target *Target) func(t testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app, err := tests.NewTestApp(tv.LoadModeration(t).Dir)
		if err != nil {
			t.Fatal(err)
		}
		addVolumeCase(t, app)
		hooks.Register(app)
		research.Register(app)
		Register(app, func() (*Target, error) { return target, nil })
		return app
	}
}

// sendLines reads a send's answer, one JSON object per line.
func sendLines(t testing.TB, res *http.Response) (start startLine, cases []caseLine, done doneLine) {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Fatalf("content type %q", ct)
	}
	scanner := bufio.NewScanner(res.Body)
	for scanner.Scan() {
		var kind struct{ Type string }
		line := scanner.Bytes()
		if err := json.Unmarshal(line, &kind); err != nil {
			t.Fatalf("not a JSON line: %s", line)
		}
		var err error
		switch kind.Type {
		case "start":
			err = json.Unmarshal(line, &start)
		case "case":
			var c caseLine
			err = json.Unmarshal(line, &c)
			cases = append(cases, c)
		case "done":
			err = json.Unmarshal(line, &done)
		default:
			t.Fatalf("unknown line %s", line)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return start, cases, done
}

func TestSendAccessRules(t *testing.T) {
	t.Parallel()
	mod := tv.LoadModeration(t)
	// nothing in these scenarios may reach an archive: this one answers nobody
	unreachable := &Target{URL: "http://127.0.0.1:" + strconv.Itoa(tv.FreePort(t)) + "/dicom-web"}
	for _, s := range []tests.ApiScenario{
		{Name: "a guest is asked to sign in", Method: http.MethodPost, URL: SendPath, ExpectedStatus: 401, ExpectedContent: []string{"researcher account"}},
		{Name: "a contributor may not send", Method: http.MethodPost, URL: SendPath, Headers: mod.Auth(tv.AuthorID),
			ExpectedStatus: 403, ExpectedContent: []string{"Only researchers"}, NotExpectedContent: []string{tv.PublishedCaseID}},
		{Name: "a contributor may not even ask whether an archive is set", Method: http.MethodGet, URL: StatusPath, Headers: mod.Auth(tv.OtherID),
			ExpectedStatus: 403, ExpectedContent: []string{"Only researchers"}},
		{Name: "a blocked user may not send", Method: http.MethodPost, URL: SendPath, Headers: mod.Auth(tv.BlockedID),
			ExpectedStatus: 403, ExpectedContent: []string{"Only researchers"}},
		{Name: "a researcher learns an archive is set, not where", Method: http.MethodGet, URL: StatusPath, Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 200, ExpectedContent: []string{`{"configured":true}`}, NotExpectedContent: []string{"127.0.0.1", "dicom-web"}},
		{Name: "a case id alone does not make a hidden case exportable", Method: http.MethodPost, URL: SendPath + "?cases=" + tv.HiddenCaseID + "," + tv.BlockedCaseID,
			Headers: mod.Auth(tv.ResearcherID), ExpectedStatus: 404, ExpectedContent: []string{CodeNothingToSend}},
		{Name: "an empty selection is a 404 with its code", Method: http.MethodPost, URL: SendPath + "?icd=DB95", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 404, ExpectedContent: []string{CodeNothingToSend}},
		{Name: "a malformed case list is a 400", Method: http.MethodPost, URL: SendPath + "?cases=" + tv.PublishedCaseID + ",..%2Fdrop", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 400, ExpectedContent: []string{"case ids"}},
		{Name: "a malformed selection is a 400", Method: http.MethodPost, URL: SendPath + "?icd=DB9%25", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 400, ExpectedContent: []string{"not an ICD-11 code"}},
	} {
		s.TestAppFactory = appWithArchive(unreachable)
		s.Test(t)
	}
	for _, s := range []tests.ApiScenario{
		{Name: "without an archive the status says so", Method: http.MethodGet, URL: StatusPath, Headers: mod.Auth("superuser"),
			ExpectedStatus: 200, ExpectedContent: []string{`{"configured":false}`}},
		{Name: "without an archive a send is a 503 with its code", Method: http.MethodPost, URL: SendPath, Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 503, ExpectedContent: []string{CodeNotConfigured}},
		{Name: "without an archive a contributor still gets 403", Method: http.MethodPost, URL: SendPath, Headers: mod.Auth(tv.AuthorID),
			ExpectedStatus: 403, ExpectedContent: []string{"Only researchers"}},
	} {
		s.TestAppFactory = appWithArchive(nil)
		s.Test(t)
	}
}

// TestSendToResearchArchive sends the fixture's selection to a real Orthanc and reads its report.
func TestSendToResearchArchive(t *testing.T) {
	t.Parallel()
	mod := tv.LoadModeration(t)
	archive := startOrthanc(t)
	target := archive.target()
	target.Backoff = 1

	(&tests.ApiScenario{
		Name: "a researcher sends every exportable case", Method: http.MethodPost, URL: SendPath, Headers: mod.Auth(tv.ResearcherID),
		ExpectedStatus: 200, ExpectedContent: []string{`"type":"done"`}, NotExpectedContent: append(notExportable, archive.URL, archive.Password),
		TestAppFactory: appWithArchive(&target),
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			start, cases, done := sendLines(t, res)
			if len(start.Cases) != 2 || start.Cases[0].ID != tv.PublishedCaseID || start.Cases[1].ID != volumeCaseID {
				t.Fatalf("start: %+v", start)
			}
			wantImages := map[string]int{tv.PublishedCaseID: 1, volumeCaseID: 6}
			for _, c := range cases {
				if c.Error != nil || c.SR != "stored" || c.Images != wantImages[c.Case] || c.ImagesStored != c.Images || len(c.Failed) != 0 {
					t.Errorf("case line %+v (error %+v)", c, c.Error)
				}
			}
			if len(cases) != 2 || done.Cases != 2 || done.Complete != 2 {
				t.Fatalf("cases %+v, done %+v", cases, done)
			}
			// what left the server is in the audit log, case by case, with who sent it
			entries, err := app.FindAllRecords("audit_log", dbx.HashExp{"action": AuditAction})
			if err != nil || len(entries) != 2 {
				t.Fatalf("audit entries: %d, %v", len(entries), err)
			}
			for _, entry := range entries {
				details := entry.GetString("details")
				if entry.GetString("actor") != tv.ResearcherID || wantImages[entry.GetString("target")] == 0 || !strings.Contains(details, `"sr":"stored"`) {
					t.Errorf("audit entry %v", entry.PublicExport())
				}
			}
		},
	}).Test(t)

	// the archive holds the 7 images and 2 SRs, and no SR of a case that is not public
	var stats struct{ CountInstances int }
	archive.get(t, "/statistics", &stats)
	if stats.CountInstances != 9 {
		t.Fatalf("the archive holds %d instances, want 7 images + 2 SRs", stats.CountInstances)
	}

	(&tests.ApiScenario{
		Name: "a superuser sends one case again (the retry of what failed)", Method: http.MethodPost, URL: SendPath + "?cases=" + volumeCaseID + "," + tv.HiddenCaseID,
		Headers: mod.Auth("superuser"), ExpectedStatus: 200, ExpectedContent: []string{`"complete":1`}, NotExpectedContent: notExportable,
		TestAppFactory: appWithArchive(&target),
		AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			start, cases, _ := sendLines(t, res)
			if len(start.Cases) != 1 || len(cases) != 1 || cases[0].Case != volumeCaseID || cases[0].SR != "stored" || cases[0].ImagesStored != 6 {
				t.Fatalf("start %+v, cases %+v", start, cases)
			}
		},
	}).Test(t)

	wrong := archive.target()
	wrong.Password = "wrong"
	(&tests.ApiScenario{
		Name: "a wrong archive password is reported per case, once, without the secret", Method: http.MethodPost, URL: SendPath, Headers: mod.Auth(tv.ResearcherID),
		ExpectedStatus: 200, ExpectedContent: []string{`"kind":"unauthorized","status":401`, `"complete":0`},
		NotExpectedContent: []string{archive.URL, "wrong", archive.User},
		TestAppFactory:     appWithArchive(&wrong),
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			_, cases, _ := sendLines(t, res)
			for _, c := range cases {
				if c.Error == nil || c.Error.Kind != "unauthorized" || c.SR != "not_sent" || c.ImagesStored != 0 || c.Attempts != 1 {
					t.Errorf("case line %+v", c)
				}
			}
			entries, _ := app.FindAllRecords("audit_log", dbx.HashExp{"action": AuditAction})
			if len(entries) != 2 || !strings.Contains(entries[0].GetString("details"), `"error":"unauthorized"`) {
				t.Errorf("audit entries of a refused send: %d", len(entries))
			}
		},
	}).Test(t)
}

func TestParseArchive(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		url, user, token string
		ok, configured   bool
	}{
		{"", "", "", true, false},
		{"https://research.example.org/dicom-web/", "stow", "", true, true},
		{"http://127.0.0.1:8042/dicom-web", "", "secret-token", true, true},
		{"", "stow", "", false, false},
		{"ftp://research.example.org/", "", "", false, false},
		{"https://user:pass@research.example.org/dicom-web", "", "", false, false},
		{"https://research.example.org/dicom-web", "stow", "token", false, false},
		{"research.example.org/dicom-web", "", "", false, false},
	} {
		target, err := ParseArchive(c.url, c.user, "pw", c.token)
		if (err == nil) != c.ok || (target != nil) != c.configured {
			t.Errorf("%q user %q token %q: target %v, error %v", c.url, c.user, c.token, target, err)
		}
		if target != nil && strings.HasSuffix(target.URL, "/") {
			t.Errorf("%q: the root keeps its trailing slash", c.url)
		}
	}
}

// TestSendOneAtATimeAndRecheckedPerCase holds the archive's first answer: meanwhile a second send
// is refused (409), and the second case is unpublished, so when the archive answers the send
// reports it as no longer exportable instead of sending it.
func TestSendOneAtATimeAndRecheckedPerCase(t *testing.T) {
	t.Parallel()
	mod := tv.LoadModeration(t)
	arrived, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	archive := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if calls.Add(1) == 1 {
			close(arrived)
			<-release
		}
		http.Error(w, "who are you", http.StatusUnauthorized)
	}))
	defer archive.Close()
	target := &Target{URL: archive.URL + "/dicom-web"}

	var first *httptest.ResponseRecorder
	firstDone := make(chan struct{})
	(&tests.ApiScenario{
		Name: "a second send while one runs is a 409 with its code", Method: http.MethodPost, URL: SendPath, Headers: mod.Auth("superuser"),
		ExpectedStatus: 409, ExpectedContent: []string{CodeSendRunning},
		TestAppFactory: appWithArchive(target),
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			mux, err := e.Router.BuildMux()
			if err != nil {
				t.Fatal(err)
			}
			first = httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, SendPath, nil)
			req.Header.Set("Authorization", mod.Tokens[tv.ResearcherID])
			go func() {
				defer close(firstDone)
				mux.ServeHTTP(first, req)
			}()
			select {
			case <-arrived:
			case <-time.After(30 * time.Second):
				t.Fatal("the first send never reached the archive")
			}
		},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if _, err := app.DB().NewQuery(`UPDATE cases SET status = 'hidden' WHERE id = {:id}`).Bind(dbx.Params{"id": volumeCaseID}).Execute(); err != nil {
				t.Fatal(err)
			}
			close(release)
			<-firstDone
			start, cases, done := sendLines(t, first.Result())
			if len(start.Cases) != 2 || len(cases) != 2 || done.Complete != 0 {
				t.Fatalf("start %+v, cases %+v, done %+v", start, cases, done)
			}
			if cases[0].Case != tv.PublishedCaseID || cases[0].Error == nil || cases[0].Error.Kind != "unauthorized" {
				t.Errorf("first case %+v", cases[0])
			}
			if cases[1].Case != volumeCaseID || cases[1].Error == nil || cases[1].Error.Kind != "not_exportable" || cases[1].SR != "not_sent" {
				t.Errorf("a case unpublished during the send: %+v", cases[1])
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("the archive got %d requests, want the first case's only", n)
			}
		},
	}).Test(t)
}
