package faults_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/s3test"
)

// TestS3Unreachable: with S3 storage configured and its endpoint down, an
// upload and a publish are answered 503 storage_unavailable (the outbox
// retries 5xx later; a 400 would end the publish as refused) and leave no
// record, no file and no half-published case.
func TestS3Unreachable(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	down := tv.FreeAddr(t)
	s3Down := func(t testing.TB) *tests.TestApp {
		app := fx.NewApp(t)
		settings := app.Settings()
		settings.S3 = core.S3Config{Enabled: true, Bucket: "cassette", Region: s3test.Region, Endpoint: "http://" + down,
			AccessKey: s3test.AccessKey, Secret: s3test.SecretKey, ForcePathStyle: true}
		if err := app.Save(settings); err != nil {
			t.Fatal(err)
		}
		return app
	}
	var before []string
	remember := func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) { before = storedFiles(app.DataDir()) }
	body, headers := imageUpload(t, fx, "7")
	header, headerType := caseHeaderUpdate(t, fx)
	for _, s := range []tests.ApiScenario{
		{Name: "an image upload while S3 is down", Method: http.MethodPost, URL: "/api/collections/images/records",
			Body: body, Headers: headers, TestAppFactory: s3Down, BeforeTestFunc: remember,
			ExpectedStatus: 503, ExpectedContent: []string{`"code":"` + hooks.StorageUnavailable + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				assertStorageFault(t, res, hooks.StorageUnavailable)
				assertNothingSaved(t, app, before)
			}},
		{Name: "publishing a case with its header image while S3 is down", Method: http.MethodPatch,
			URL: "/api/collections/cases/records/" + tv.DraftCaseID, Body: header,
			Headers:        map[string]string{"Content-Type": headerType, "Authorization": fx.Tokens[tv.AuthorID]},
			TestAppFactory: s3Down, BeforeTestFunc: remember,
			ExpectedStatus: 503, ExpectedContent: []string{`"code":"` + hooks.StorageUnavailable + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				assertStorageFault(t, res, hooks.StorageUnavailable)
				c, err := app.FindRecordById("cases", tv.DraftCaseID)
				if err != nil || c.GetString("status") != "draft" || c.GetString("header_image") != "" {
					t.Errorf("case after the failed publish: %v %v; want the draft unchanged", c, err)
				}
			}},
	} {
		s.Test(t)
	}
}

// caseHeaderUpdate is the outbox's last request: the case published with its header image.
func caseHeaderUpdate(t testing.TB, fx *tv.Fixture) (*strings.Reader, string) {
	t.Helper()
	body, headers := multipartOf(t, map[string]string{"status": "published", "phi_acknowledged": "true"}, "header_image")
	return strings.NewReader(body.String()), headers
}
