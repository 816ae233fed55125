package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/internal/testenv/craft"
)

func TestCasesValidation(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const url = "/api/collections/cases/records"
	// newCase is a valid draft with fields changed or added.
	newCase := func(fields map[string]any) *strings.Reader {
		c := map[string]any{"author": tv.AuthorID, "title": "A case", "category": "abdomen", "status": "draft"}
		for k, v := range fields {
			c[k] = v
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return strings.NewReader(string(b))
	}
	labelled := map[string]any{"research_consent": true, "icd11_code": "DB93", "icd11_title": "Hepatic fibrosis or cirrhosis"}
	with := func(base map[string]any, k string, v any) map[string]any {
		out := map[string]any{k: v}
		for key, val := range base {
			if key != k {
				out[key] = val
			}
		}
		return out
	}
	noCases := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		if n, _ := app.CountRecords("cases"); n != 3 {
			t.Errorf("%d cases after a refused create; want the 3 fixtures", n)
		}
	}

	// refused by Cassette's request hooks (cases_validation.go): the create never began
	refusedCreate := events("OnRecordCreateRequest", saves{}, 0)
	refusedUpdate := events("OnRecordUpdateRequest", saves{}, 0)
	// refused by PocketBase's own field validation: the create ran and failed
	invalidCreate := events("OnRecordCreateRequest", saves{Invalid: 1}, 0)
	// the case, and its audit_log row
	created := events("OnRecordCreateRequest", saves{Created: 2}, 1)
	updated := events("OnRecordUpdateRequest", saves{Updated: 1, Created: 1}, 1)

	scenarios := []tests.ApiScenario{
		{Name: "a consented case with a bundled code and its WHO title", Method: http.MethodPost, URL: url, Body: newCase(labelled),
			ExpectedStatus: 200, ExpectedContent: []string{`"icd11_code":"DB93"`}, ExpectedEvents: created},
		{Name: "consent without an ICD-11 code", Method: http.MethodPost, URL: url, Body: newCase(map[string]any{"research_consent": true}),
			ExpectedStatus: 400, ExpectedContent: []string{`"icd11_code":{"code":"case_icd11_required"`, hooks.Icd11RequiredMessage}, AfterTestFunc: noCases, ExpectedEvents: refusedCreate},
		{Name: "an unknown ICD-11 code", Method: http.MethodPost, URL: url, Body: newCase(with(labelled, "icd11_code", "XX99")),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"case_icd11_unknown"`, "Unknown ICD-11 code"}, AfterTestFunc: noCases, ExpectedEvents: refusedCreate},
		{Name: "an unknown ICD-11 code without consent", Method: http.MethodPost, URL: url, Body: newCase(map[string]any{"icd11_code": "XX99"}),
			ExpectedStatus: 400, ExpectedContent: []string{"Unknown ICD-11 code"}, ExpectedEvents: refusedCreate},
		{Name: "a title that is not WHO's", Method: http.MethodPost, URL: url, Body: newCase(with(labelled, "icd11_title", "Cirrhosis")),
			ExpectedStatus: 400, ExpectedContent: []string{`"icd11_title":{"code":"case_icd11_title"`, `Hepatic fibrosis or cirrhosis`}, ExpectedEvents: refusedCreate},
		{Name: "other_label over 100 characters", Method: http.MethodPost, URL: url, Body: newCase(with(labelled, "other_label", strings.Repeat("a", 101))),
			ExpectedStatus: 400, ExpectedContent: []string{`"other_label":{"code":"validation_max_text_constraint","message":"Must be no more than 100 character(s)."`}, ExpectedEvents: invalidCreate},
		{Name: "an empty case", Method: http.MethodPost, URL: url, Body: strings.NewReader(`{"author":"` + tv.AuthorID + `"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"title":{"code":"validation_required"`, `"category":{"code":"validation_required"`}, AfterTestFunc: noCases, ExpectedEvents: invalidCreate},
		{Name: "a 101-character title says the limit", Method: http.MethodPost, URL: url, Body: newCase(map[string]any{"title": strings.Repeat("t", 101)}),
			ExpectedStatus: 400, ExpectedContent: []string{`"title":{"code":"validation_max_text_constraint","message":"Must be no more than 100 character(s)."`}, AfterTestFunc: noCases, ExpectedEvents: invalidCreate},
		{Name: "an unknown category", Method: http.MethodPost, URL: url, Body: newCase(map[string]any{"category": "dermatology"}),
			ExpectedStatus: 400, ExpectedContent: []string{`"category":{"code":"validation_invalid_value"`}, ExpectedEvents: invalidCreate},
		{Name: "publishing without the PHI acknowledgement", Method: http.MethodPost, URL: url, Body: newCase(map[string]any{"status": "published"}),
			ExpectedStatus: 400, ExpectedContent: []string{`"phi_acknowledged":{"code":"case_phi_not_acknowledged"`, hooks.PhiAcknowledgedMessage}, AfterTestFunc: noCases, ExpectedEvents: refusedCreate},
		{Name: "publishing with the PHI acknowledgement", Method: http.MethodPost, URL: url, Body: newCase(map[string]any{"status": "published", "phi_acknowledged": true}),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"published"`}, ExpectedEvents: created},
		{Name: "moving a draft to published without the acknowledgement", Method: http.MethodPatch, URL: url + "/" + tv.DraftCaseID,
			Headers: fx.Auth(tv.AuthorID), Body: strings.NewReader(`{"status":"published"}`), ExpectedStatus: 400, ExpectedContent: []string{hooks.PhiAcknowledgedMessage}, ExpectedEvents: refusedUpdate},
		{Name: "moving a draft to published with the acknowledgement", Method: http.MethodPatch, URL: url + "/" + tv.DraftCaseID,
			Headers: fx.Auth(tv.AuthorID), Body: strings.NewReader(`{"status":"published","phi_acknowledged":true}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"published"`}, ExpectedEvents: updated},
		{Name: "withdrawing the acknowledgement of a published case", Method: http.MethodPatch, URL: url + "/" + tv.PublishedCaseID,
			Headers: fx.Auth(tv.AuthorID), Body: strings.NewReader(`{"phi_acknowledged":false}`), ExpectedStatus: 400, ExpectedContent: []string{hooks.PhiAcknowledgedMessage}, ExpectedEvents: refusedUpdate},
		{Name: "dropping the code of a consented case", Method: http.MethodPatch, URL: url + "/" + tv.PublishedCaseID,
			Headers: fx.Auth(tv.AuthorID), Body: strings.NewReader(`{"icd11_code":""}`), ExpectedStatus: 400, ExpectedContent: []string{hooks.Icd11RequiredMessage}, ExpectedEvents: refusedUpdate},
	}
	for _, s := range scenarios {
		if s.Headers == nil {
			s.Headers = fx.Auth(tv.AuthorID)
		}
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}

func TestCasesHeaderImage(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	for _, s := range []struct {
		name    string
		image   []byte
		status  int
		content string
	}{
		{"a PNG header image is stored", craft.PNG(48, 27), 200, `"header_image":"header_image`},
		{"an executable header image is refused", craft.PE(), 400, `"header_image":{"code":"image_executable"`},
		{"a header image with EXIF is refused", craft.WithExif(craft.JPEG(48, 27)), 400, `"header_image":{"code":"image_metadata"`},
	} {
		body, headers, err := tv.Multipart(map[string]string{"author": tv.AuthorID, "title": "With header", "category": "thorax", "status": "draft"},
			map[string][]byte{"header_image": s.image}, map[string]string{"header_image": clientName + ".png"})
		if err != nil {
			t.Fatal(err)
		}
		headers["Authorization"] = fx.Tokens[tv.AuthorID]
		status := s.status
		// refused in the request hook, so the case's OnRecordCreate never ran: the one save is
		// the upload_rejected audit row; accepted: the case, case.create and upload_accepted
		expected := events("OnRecordCreateRequest", saves{Created: 1}, 0)
		if status == 200 {
			expected = events("OnRecordCreateRequest", saves{Created: 3}, 1)
		}
		(&tests.ApiScenario{Name: s.name, Method: http.MethodPost, URL: "/api/collections/cases/records", Headers: headers,
			Body: strings.NewReader(body.String()), ExpectedStatus: s.status, ExpectedContent: []string{s.content},
			TestAppFactory: fx.NewApp, ExpectedEvents: expected,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				stored, action := 1, "upload_accepted"
				if status != 200 {
					stored, action = 0, "upload_rejected"
				}
				assertStoredFiles(t, app, "cases", stored)
				entries, err := app.FindRecordsByFilter("audit_log", "action = {:a}", "", 0, 0, map[string]any{"a": action})
				if err != nil {
					t.Fatal(err)
				}
				e := findAudit(entries, action, "header_image")
				if e == nil || e.GetString("actor") != tv.AuthorID || strings.Contains(e.GetString("details"), "DOE") {
					t.Errorf("want one %s entry for header_image by the author without the file name", action)
				}
			}}).Test(t)
	}
}
