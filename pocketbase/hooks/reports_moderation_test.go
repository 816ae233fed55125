package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

func TestSuperuserClosesReports(t *testing.T) {
	fx := tv.LoadModeration(t)
	url := "/api/collections/reports/records/" + tv.ReportID
	super := fx.Auth("superuser")
	closes := func(status string) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if d := moderationAudit(t, app, "report."+status, tv.ReportID); d["reason"] != "Checked the slices" || d["case"] != tv.PublishedCaseID {
				t.Errorf("report.%s details %v", status, d)
			}
		}
	}
	for _, s := range []tests.ApiScenario{
		{Name: "closing without a resolution is refused on the field", Method: http.MethodPatch, URL: url, Headers: super,
			Body: strings.NewReader(`{"status":"dismissed"}`), ExpectedStatus: 400,
			ExpectedContent: []string{`"resolution":{"code":"report_resolution_required"`}},
		{Name: "resolving is audited with the resolution", Method: http.MethodPatch, URL: url, Headers: super,
			Body: strings.NewReader(`{"status":"resolved","resolution":" Checked the slices "}`), ExpectedStatus: 200,
			ExpectedContent: []string{`"status":"resolved"`, `"resolution":"Checked the slices"`}, AfterTestFunc: closes("resolved")},
		{Name: "dismissing is audited with the resolution", Method: http.MethodPatch, URL: url, Headers: super,
			Body: strings.NewReader(`{"status":"dismissed","resolution":"Checked the slices"}`), ExpectedStatus: 200,
			ExpectedContent: []string{`"status":"dismissed"`}, AfterTestFunc: closes("dismissed")},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
