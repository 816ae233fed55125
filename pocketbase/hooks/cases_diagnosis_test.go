package hooks_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

func TestCasesDiagnosis(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const records = "/api/collections/cases/records"
	body := func(diagnosis string) *strings.Reader {
		return strings.NewReader(`{"author":"` + tv.AuthorID + `","title":"A case","category":"abdomen","status":"draft","diagnosis_icd11":"` + diagnosis + `"}`)
	}
	noCases := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		if n, _ := app.CountRecords("cases"); n != 3 {
			t.Errorf("%d cases after a refused create; want the 3 fixtures", n)
		}
	}
	refusedCreate := events("OnRecordCreateRequest", saves{}, 0)
	refusedUpdate := events("OnRecordUpdateRequest", saves{}, 0)
	created := events("OnRecordCreateRequest", saves{Created: 2}, 1)
	updated := events("OnRecordUpdateRequest", saves{Updated: 1, Created: 1}, 1)

	scenarios := []tests.ApiScenario{
		{Name: "a diagnosis from outside the liver list, without research consent", Method: http.MethodPost, URL: records, Body: body("8A00.0"),
			ExpectedStatus: 200, ExpectedContent: []string{`"diagnosis_icd11":"8A00.0"`, `"research_consent":false`, `"icd11_code":""`}, ExpectedEvents: created},
		{Name: "a residual (other specified) code", Method: http.MethodPost, URL: records, Body: body("2C12.0Y"),
			ExpectedStatus: 200, ExpectedContent: []string{`"diagnosis_icd11":"2C12.0Y"`}, ExpectedEvents: created},
		{Name: "no diagnosis at all", Method: http.MethodPost, URL: records, Body: body(""),
			ExpectedStatus: 200, ExpectedContent: []string{`"diagnosis_icd11":""`}, ExpectedEvents: created},
		{Name: "a code that is not in the MMS", Method: http.MethodPost, URL: records, Body: body("XX99"),
			ExpectedStatus: 400, ExpectedContent: []string{`"diagnosis_icd11":{"code":"case_diagnosis_unknown"`, `Unknown ICD-11 diagnosis \"XX99\"`, "MMS 2024-01"},
			AfterTestFunc: noCases, ExpectedEvents: refusedCreate},
		{Name: "a code not written as WHO writes it", Method: http.MethodPost, URL: records, Body: body("db92"),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"case_diagnosis_unknown"`}, AfterTestFunc: noCases, ExpectedEvents: refusedCreate},
		{Name: "a code with spaces around it is not stored as given", Method: http.MethodPost, URL: records, Body: body(" DB92 "),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"case_diagnosis_unknown"`}, AfterTestFunc: noCases, ExpectedEvents: refusedCreate},
		{Name: "an extension code (chapter X) is not a diagnosis", Method: http.MethodPost, URL: records, Body: body("XA0060"),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"case_diagnosis_unknown"`}, AfterTestFunc: noCases, ExpectedEvents: refusedCreate},
		{Name: "a block or chapter number is not a code", Method: http.MethodPost, URL: records, Body: body("13"),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"case_diagnosis_unknown"`}, AfterTestFunc: noCases, ExpectedEvents: refusedCreate},
		{Name: "the author sets a diagnosis on a draft", Method: http.MethodPatch, URL: records + "/" + tv.DraftCaseID,
			Body: strings.NewReader(`{"diagnosis_icd11":"CA40.0"}`), ExpectedStatus: 200, ExpectedContent: []string{`"diagnosis_icd11":"CA40.0"`}, ExpectedEvents: updated},
		{Name: "the author changes it to an unknown code", Method: http.MethodPatch, URL: records + "/" + tv.DraftCaseID,
			Body: strings.NewReader(`{"diagnosis_icd11":"CA40.99"}`), ExpectedStatus: 400, ExpectedContent: []string{`"code":"case_diagnosis_unknown"`}, ExpectedEvents: refusedUpdate},
		{Name: "a stored code no longer in the MMS does not block an unrelated edit", Method: http.MethodPatch, URL: records + "/" + tv.DraftCaseID,
			Body: strings.NewReader(`{"title":"Renamed"}`), ExpectedStatus: 200, ExpectedContent: []string{`"title":"Renamed"`, `"diagnosis_icd11":"ZZ00"`}, ExpectedEvents: updated,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				setDiagnosis(t, app, tv.DraftCaseID, "ZZ00")
			}},
	}
	for _, s := range scenarios {
		s.Headers = fx.Auth(tv.AuthorID)
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}

// TestCasesDiagnosisBrowse: a reader lists public cases by a diagnosis code or its start (the
// app's browse filter, src/routes/cases/browse-query.ts); a draft with the same code stays hidden.
func TestCasesDiagnosisBrowse(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	seed := func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		setDiagnosis(t, app, tv.PublishedCaseID, "DB92.1")
		setDiagnosis(t, app, tv.DraftCaseID, "DB92.0")
	}
	list := func(filter string) string {
		return "/api/collections/cases/records?fields=id,diagnosis_icd11&filter=" + url.QueryEscape(filter)
	}
	for _, s := range []tests.ApiScenario{
		{Name: "by chapter letter and block prefix", URL: list(`diagnosis_icd11 ~ "DB9%"`),
			ExpectedContent: []string{`"totalItems":1`, `"id":"` + tv.PublishedCaseID + `"`, `"diagnosis_icd11":"DB92.1"`},
			ExpectedEvents:  map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 1}},
		{Name: "by exact code", URL: list(`diagnosis_icd11 ~ "DB92.1%"`), ExpectedContent: []string{`"totalItems":1`},
			ExpectedEvents: map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 1}},
		{Name: "another chapter finds nothing", URL: list(`diagnosis_icd11 ~ "CA%"`), ExpectedContent: []string{`"totalItems":0`},
			ExpectedEvents: map[string]int{"*": 0, "OnRecordsListRequest": 1}},
	} {
		s.Method = http.MethodGet
		s.ExpectedStatus = 200
		s.NotExpectedContent = []string{tv.DraftCaseID}
		s.BeforeTestFunc = seed
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}

// setDiagnosis stores a diagnosis without the request hooks, as an older release might have.
func setDiagnosis(t testing.TB, app *tests.TestApp, id, code string) {
	rec, err := app.FindRecordById("cases", id)
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("diagnosis_icd11", code)
	if err := app.SaveNoValidate(rec); err != nil {
		t.Fatal(err)
	}
}
