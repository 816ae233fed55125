package tokens_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/research"
	"cassette/pocketbase/tokens"
)

// Hook events (ExpectedEvents, as PocketBase's apis/*_test.go state them). A token's use
// writes last_used directly (token.go), so a refusal or a read fires no hook at all;
// what the routes save goes through PocketBase's create/update chain (core/record_model.go):
// the research_exports row of an export, the api_tokens row made or revoked.
var (
	noHooks    = map[string]int{"*": 0}
	oneCreated = map[string]int{"*": 0, "OnModelCreate": 1, "OnModelCreateExecute": 1, "OnModelAfterCreateSuccess": 1,
		"OnModelValidate": 1, "OnRecordCreate": 1, "OnRecordCreateExecute": 1, "OnRecordAfterCreateSuccess": 1, "OnRecordValidate": 1}
	oneUpdated = map[string]int{"*": 0, "OnModelUpdate": 1, "OnModelUpdateExecute": 1, "OnModelAfterUpdateSuccess": 1,
		"OnModelValidate": 1, "OnRecordUpdate": 1, "OnRecordUpdateExecute": 1, "OnRecordAfterUpdateSuccess": 1, "OnRecordValidate": 1}
)

// TestPersonalTokens: a researcher's token lists and exports, and does nothing else.
func TestPersonalTokens(t *testing.T) {
	t.Parallel()
	mod := tv.LoadModeration(t)
	for _, s := range []tests.ApiScenario{
		{Name: "a personal token reads the research summary", Method: http.MethodGet, URL: research.SummaryPath, Headers: bearer(personalToken),
			ExpectedStatus: 200, ExpectedContent: []string{`"totals":{"cases":1,`, tv.PublishedCaseID}, NotExpectedContent: []string{tv.HiddenCaseID, tv.BlockedCaseID}},
		{Name: "a personal token exports the ZIP, audited as its owner", Method: http.MethodGet, URL: research.ExportPath, Headers: bearer(personalToken),
			ExpectedStatus: 200, ExpectedContent: []string{"SHA256SUMS", "labels/" + tv.PublishedCaseID + ".dcm"},
			ExpectedEvents: oneCreated,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				io.Copy(io.Discard, res.Body)
				rows, err := app.FindAllRecords("research_exports")
				if err != nil || len(rows) != 1 || rows[0].GetString("actor") != tv.ResearcherID {
					t.Fatalf("audit rows %v, %v", rows, err)
				}
				tok, _ := app.FindRecordById("api_tokens", personalTokenID)
				if tok.GetDateTime("last_used").IsZero() {
					t.Error("last_used not written")
				}
			}},
		{Name: "a revoked token fails", Method: http.MethodGet, URL: research.SummaryPath, Headers: bearer(revokedToken),
			ExpectedStatus: 401, ExpectedContent: []string{"revoked"}, NotExpectedContent: []string{tv.PublishedCaseID}},
		{Name: "an expired token fails", Method: http.MethodGet, URL: research.ExportPath, Headers: bearer(expiredToken),
			ExpectedStatus: 401, ExpectedContent: []string{"expired"}},
		{Name: "an unknown token fails", Method: http.MethodGet, URL: research.SummaryPath, Headers: bearer("cst_made-up"),
			ExpectedStatus: 401, ExpectedContent: []string{"not valid"}},
		{Name: "a token whose owner is not a researcher gets 403", Method: http.MethodGet, URL: research.SummaryPath, Headers: bearer(contributorToken),
			ExpectedStatus: 403, ExpectedContent: []string{"Only researchers"}},
		{Name: "an integration token cannot export", Method: http.MethodGet, URL: research.ExportPath, Headers: bearer(integrationToken),
			ExpectedStatus: 403, ExpectedContent: []string{"cannot be used here"}},
		{Name: "a personal token cannot read the integration feed", Method: http.MethodGet, URL: tokens.FeedPath, Headers: bearer(personalToken),
			ExpectedStatus: 403, ExpectedContent: []string{"cannot be used here"}},
		// Everywhere else the bearer of a token is a guest.
		{Name: "a token cannot create a case", Method: http.MethodPost, URL: "/api/collections/cases/records", Headers: bearer(personalToken),
			Body:           strings.NewReader(`{"title":"x","category":"abdomen","status":"draft","author":"` + tv.ResearcherID + `"}`),
			ExpectedStatus: 401, NotExpectedContent: []string{`"title":"x"`}},
		{Name: "a token cannot list tokens", Method: http.MethodGet, URL: "/api/collections/api_tokens/records", Headers: bearer(personalToken),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}, NotExpectedContent: []string{personalTokenID}, ExpectedEvents: map[string]int{"*": 0, "OnRecordsListRequest": 1}},
		{Name: "a token cannot create another token", Method: http.MethodPost, URL: tokens.CreatePath, Headers: bearer(personalToken),
			Body: strings.NewReader(`{"name":"more"}`), ExpectedStatus: 401, ExpectedContent: []string{"Sign in"}},
		{Name: "a token cannot refresh into a session", Method: http.MethodPost, URL: "/api/collections/users/auth-refresh", Headers: bearer(personalToken),
			ExpectedStatus: 401, ExpectedContent: []string{"requires valid record authorization"}},
		{Name: "a token cannot read a protected DICOM file", Method: http.MethodGet,
			URL: "/api/files/images/" + tv.PublishedImageID + "/" + mod.PublishedDicom, Headers: bearer(personalToken), ExpectedStatus: 404, ExpectedContent: []string{"wasn't found"}},
	} {
		if s.ExpectedEvents == nil {
			s.ExpectedEvents = noHooks
		}
		s.TestAppFactory = newApp
		s.Test(t)
	}
}

// TestTokenLifecycle: created with a name and expiry, shown once, stored hashed, listed, revoked.
func TestTokenLifecycle(t *testing.T) {
	t.Parallel()
	mod := tv.LoadModeration(t)
	for _, s := range []tests.ApiScenario{
		{Name: "a researcher creates a token, shown once and stored as its SHA-256", Method: http.MethodPost, URL: tokens.CreatePath,
			Headers: mod.Auth(tv.ResearcherID), Body: strings.NewReader(`{"name":"laptop","days":7}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"laptop"`, `"kind":"personal"`, `"token":"cst_`},
			ExpectedEvents: oneCreated,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				var got struct{ ID, Token, Expires string }
				if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
					t.Fatal(err)
				}
				rec, err := app.FindRecordById("api_tokens", got.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Token) != 4+43 || rec.GetString("hash") != tokens.Hash(got.Token) || rec.GetString("user") != tv.ResearcherID {
					t.Errorf("token %q stored as %v", got.Token, rec.PublicExport())
				}
				if strings.Contains(string(mustJSON(t, rec)), got.Token) {
					t.Error("the secret is stored")
				}
				if d := time.Until(rec.GetDateTime("expires").Time()); d < 6*24*time.Hour || d > 7*24*time.Hour {
					t.Errorf("expires in %v", d)
				}
			}},
		{Name: "a contributor cannot create a personal token", Method: http.MethodPost, URL: tokens.CreatePath, Headers: mod.Auth(tv.AuthorID),
			Body: strings.NewReader(`{"name":"x"}`), ExpectedStatus: 403, ExpectedContent: []string{"Only researchers"}},
		{Name: "a guest cannot create a token", Method: http.MethodPost, URL: tokens.CreatePath, Body: strings.NewReader(`{"name":"x"}`), ExpectedStatus: 401, ExpectedContent: []string{"Sign in"}},
		{Name: "a researcher cannot create an integration token", Method: http.MethodPost, URL: tokens.CreatePath, Headers: mod.Auth(tv.ResearcherID),
			Body: strings.NewReader(`{"name":"portal","kind":"integration"}`), ExpectedStatus: 403, ExpectedContent: []string{"Only administrators"}},
		{Name: "an expiry over a year is refused", Method: http.MethodPost, URL: tokens.CreatePath, Headers: mod.Auth(tv.ResearcherID),
			Body: strings.NewReader(`{"name":"x","days":400}`), ExpectedStatus: 400, ExpectedContent: []string{"1 to 365 days"}},
		{Name: "a superuser creates an integration token", Method: http.MethodPost, URL: tokens.CreatePath, Headers: mod.Auth("superuser"),
			Body: strings.NewReader(`{"name":"teaching portal","kind":"integration","days":365}`), ExpectedStatus: 200,
			ExpectedContent: []string{`"kind":"integration"`, `"token":"cst_`}, ExpectedEvents: oneCreated},
		{Name: "a researcher lists their own tokens, never a hash", Method: http.MethodGet, URL: "/api/collections/api_tokens/records", Headers: mod.Auth(tv.ResearcherID),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`, personalTokenID, `"hint":"alid"`},
			NotExpectedContent: []string{otherUsersTokenID, `"hash"`, tokens.Hash(personalToken)}, ExpectedEvents: map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 3}},
		{Name: "a researcher revokes their token, which then fails", Method: http.MethodPost, URL: "/api/cassette/tokens/" + personalTokenID + "/revoke",
			Headers: mod.Auth(tv.ResearcherID), ExpectedStatus: 204,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if rec, _ := app.FindRecordById("api_tokens", personalTokenID); !rec.GetBool("revoked") {
					t.Error("not revoked")
				}
			}, ExpectedEvents: oneUpdated},
		{Name: "another user's token answers like an unknown one", Method: http.MethodPost, URL: "/api/cassette/tokens/" + otherUsersTokenID + "/revoke",
			Headers: mod.Auth(tv.ResearcherID), ExpectedStatus: 404, ExpectedContent: []string{"No such token"}},
	} {
		if s.ExpectedEvents == nil {
			s.ExpectedEvents = noHooks
		}
		s.TestAppFactory = newApp
		s.Test(t)
	}
}

// TestIntegrationFeed: an integration token pages through the public cases as JSON.
func TestIntegrationFeed(t *testing.T) {
	t.Parallel()
	for _, s := range []tests.ApiScenario{
		{Name: "the feed lists public cases only", Method: http.MethodGet, URL: tokens.FeedPath, Headers: bearer(integrationToken),
			ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":1,`, `"id":"` + tv.PublishedCaseID + `"`, `"title":"Published case"`, `"icd11_code":"DB92"`,
				`"category":"abdomen"`, `/cases/` + tv.PublishedCaseID + `"`, `"author":"`, `"diagnosis_icd11":""`},
			NotExpectedContent: []string{tv.DraftCaseID, tv.HiddenCaseID, tv.RemovedCaseID, tv.BlockedCaseID, "research_consent", "hash"}},
		{Name: "the feed gives a case's diagnosis from the whole MMS", Method: http.MethodGet, URL: tokens.FeedPath, Headers: bearer(integrationToken),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				c, err := app.FindRecordById("cases", tv.PublishedCaseID)
				if err != nil {
					t.Fatal(err)
				}
				c.Set("diagnosis_icd11", "DB94.1")
				if err := app.Save(c); err != nil {
					t.Fatal(err)
				}
			},
			ExpectedStatus: 200, ExpectedContent: []string{`"icd11_code":"DB92"`, `"diagnosis_icd11":"DB94.1"`}},
		{Name: "the feed is paginated", Method: http.MethodGet, URL: tokens.FeedPath + "?page=2&perPage=1", Headers: bearer(integrationToken),
			ExpectedStatus: 200, ExpectedContent: []string{`"page":2,"perPage":1,"totalItems":1,"totalPages":1,"items":[]`}},
		{Name: "an expired integration token fails", Method: http.MethodGet, URL: tokens.FeedPath, Headers: bearer(expiredIntegration),
			ExpectedStatus: 401, ExpectedContent: []string{"expired"}},
		{Name: "the feed needs a token", Method: http.MethodGet, URL: tokens.FeedPath, ExpectedStatus: 401, ExpectedContent: []string{"integration token"}},
	} {
		if s.ExpectedEvents == nil {
			s.ExpectedEvents = noHooks
		}
		s.TestAppFactory = newApp
		s.Test(t)
	}
}

// TestAddressRateLimits: the token routes have per-address rules of their own, found before the
// general "/api/" rule (prefix rules are tried in list order).
func TestAddressRateLimits(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	defer app.Cleanup()
	for path, want := range map[string]int{research.ExportPath: 60, tokens.FeedPath: 120} {
		rule, ok := app.Settings().RateLimits.FindRateLimitRule([]string{"GET " + path, path}, "", "@guest")
		if !ok || rule.MaxRequests != want || rule.Duration != 60 {
			t.Errorf("%s: rule %+v", path, rule)
		}
	}
}
