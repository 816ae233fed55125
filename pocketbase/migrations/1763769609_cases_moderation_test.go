package migrations_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/routes"
)

// moderationRoles are the callers of the readability matrix.
var moderationRoles = []role{
	{"guest", ""},
	{"reader", tv.ReaderID},
	{"author", tv.AuthorID},
	{"other user", tv.OtherID},
	{"blocked user", tv.BlockedID},
	{"unverified user", tv.UnverifiedID},
	{"researcher", tv.ResearcherID},
	{"superuser", "superuser"},
}

// readCheck is one way of reading a case or something of it; ok is what a 200 answer holds.
type readCheck struct {
	name, url string
	ok        []string
	// file: served by /api/files (with a Cache-Control to check); protected: the DICOM
	file, protected bool
}

func caseReadChecks(c tv.ModeratedCase) []readCheck {
	filter := func(expr string) string { return "?filter=" + url.QueryEscape(expr) }
	files := func(col, id string) string { return "/api/files/" + col + "/" + id + "/" }
	jpeg, dicom := []string{"\xff\xd8\xff"}, []string{"DICM"}
	return []readCheck{
		{name: "record", url: "/api/collections/cases/records/" + c.Case, ok: []string{`"id":"` + c.Case + `"`}},
		{name: "list", url: "/api/collections/cases/records" + filter("id='"+c.Case+"'"), ok: []string{`"totalItems":1`, c.Case}},
		{name: "bundle", url: strings.Replace(routes.CaseBundlePath, "{id}", c.Case, 1), ok: []string{`"title":"` + c.Title + `"`, `"id":"` + c.Series + `"`}},
		{name: "series", url: "/api/collections/series/records/" + c.Series, ok: []string{`"id":"` + c.Series + `"`}},
		{name: "series list", url: "/api/collections/series/records" + filter("case='"+c.Case+"'"), ok: []string{`"totalItems":1`, c.Series}},
		{name: "image", url: "/api/collections/images/records/" + c.Image, ok: []string{`"id":"` + c.Image + `"`}},
		{name: "images list", url: "/api/collections/images/records" + filter("series.case='"+c.Case+"'"), ok: []string{`"totalItems":1`, c.Image}},
		{name: "preview", url: files("images", c.Image) + c.Preview, ok: jpeg, file: true},
		{name: "preview thumb", url: files("images", c.Image) + c.Preview + "?thumb=160x160", ok: jpeg, file: true},
		{name: "header image", url: files("cases", c.Case) + c.Header, ok: jpeg, file: true},
		{name: "header thumb", url: files("cases", c.Case) + c.Header + "?thumb=480x270", ok: jpeg, file: true},
		{name: "dicom", url: files("images", c.Image) + c.Dicom, ok: dicom, file: true, protected: true},
	}
}

// TestModerationReadability: a case is public only while published by an author who is not
// blocked; anything else is served to its owner and superusers only, and answers 404 to
// everyone else: record, list, bundle, series, images and every file, thumbs included.
// Generated: every role × every case situation × every way of reading.
func TestModerationReadability(t *testing.T) {
	fx := tv.LoadModeration(t)
	newApp := func(t testing.TB) *tests.TestApp {
		app := fx.NewApp(t)
		routes.Register(app)
		return app
	}

	for _, c := range fx.Cases {
		t.Run(c.Status, func(t *testing.T) {
			t.Parallel()
			readabilityOf(t, fx, c, newApp)
		})
	}
}

// readVariant is one request of a check: signed in by header, or with a file token.
type readVariant struct {
	how, url string
	header   bool
}

// readabilityOf runs the matrix rows of case c.
func readabilityOf(t *testing.T, fx *tv.Moderation, c tv.ModeratedCase, newApp func(testing.TB) *tests.TestApp) {
	for _, r := range moderationRoles {
		superuser := r.key == "superuser"
		canRead := c.Status == "published" || r.key == c.Owner || superuser
		// PocketBase's own check of the protected DICOM: a file token, and the view rule
		// with @request.context = "protectedFile" (owner, or a researcher: every case consents)
		dicomOK := superuser || (canRead && (r.key == c.Owner || r.key == tv.ResearcherID))
		for _, check := range caseReadChecks(c) {
			variants := []readVariant{{"", check.url, r.key != ""}}
			if check.file && r.key != "" {
				sep := "?"
				if strings.Contains(check.url, "?") {
					sep = "&"
				}
				variants = append(variants, readVariant{" with a file token", check.url + sep + "token=" + fx.FileTokens[r.key], false})
			}
			for _, v := range variants {
				ok := canRead && (!check.protected || (dicomOK && v.how != ""))
				s := tests.ApiScenario{
					Name:   fmt.Sprintf("%s of a %s case as %s%s", check.name, c.Status, r.name, v.how),
					Method: http.MethodGet, URL: v.url, TestAppFactory: newApp,
				}
				if v.header {
					s.Headers = fx.Auth(r.key)
				}
				switch {
				case ok:
					s.ExpectedStatus, s.ExpectedContent = 200, check.ok
				case strings.HasSuffix(check.name, "list"):
					s.ExpectedStatus, s.ExpectedContent = 200, []string{`"totalItems":0`}
				default:
					s.ExpectedStatus, s.ExpectedContent, s.NotExpectedContent = 404, errorBody(404), []string{c.Title}
				}
				if check.file && ok {
					s.AfterTestFunc = expectCacheControl(c.Status == "published" && !check.protected)
				}
				s.Test(t)
			}
		}
	}
}

// expectCacheControl checks the Cache-Control of a served file (see hooks/files_access.go).
func expectCacheControl(public bool) func(testing.TB, *tests.TestApp, *http.Response) {
	want := hooks.PrivateFileCacheControl
	if public {
		want = hooks.PublicFileCacheControl
	}
	return func(t testing.TB, _ *tests.TestApp, res *http.Response) {
		if got := res.Header.Get("Cache-Control"); got != want {
			t.Errorf("Cache-Control = %q, want %q", got, want)
		}
	}
}
