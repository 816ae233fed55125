package faults_test

import (
	"encoding/json"
	"net/http"
	neturl "net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/s3test"
)

// alertRow is a server_alerts record as the dashboard reads it.
type alertRow struct {
	Kind, Message, Resolved string
	Occurrences             int
}

// storageAlertsOf lists the storage alerts through the API as a superuser (what the
// dashboard shows; a server without SMTP also has its mail alert).
func storageAlertsOf(t *testing.T, url, token string) []alertRow {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+"/api/collections/server_alerts/records?filter="+
		neturl.QueryEscape(`kind ~ "storage_"`), nil)
	req.Header.Set("Authorization", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list struct{ Items []alertRow }
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("server_alerts: %d %v", res.StatusCode, err)
	}
	return list.Items
}

// TestStorageAlertStorm: while S3 is down every upload fails; the admin finds one
// storage_unavailable alert, written at the first failure and then at most once per interval
// with the count of every failure since (a storm is not one SQLite write per failed upload).
func TestStorageAlertStorm(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	data := t.TempDir()
	if err := os.CopyFS(data, os.DirFS(fx.Dir)); err != nil {
		t.Fatal(err)
	}
	server := startFaultsServer(t, data, "", "CASSETTE_FAULTS_SERVER_ALERT_EVERY=2s",
		"CASSETTE_S3_BUCKET=cassette", "CASSETTE_S3_REGION="+s3test.Region, "CASSETTE_S3_ENDPOINT=http://"+tv.FreeAddr(t),
		"CASSETTE_S3_ACCESS_KEY="+s3test.AccessKey, "CASSETTE_S3_SECRET="+s3test.SecretKey, "CASSETTE_S3_FORCE_PATH_STYLE=true")
	defer server.Kill()
	const storm = 12
	for i := range storm {
		body, headers := imageUpload(t, fx, "9")
		req, _ := http.NewRequest(http.MethodPost, server.URL+"/api/collections/images/records", body)
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("upload %d: %d; want 503", i, res.StatusCode)
		}
	}
	admin := fx.Tokens["superuser"]
	first := storageAlertsOf(t, server.URL, admin)
	if len(first) != 1 || first[0].Kind != hooks.AlertStorageUnavailable || first[0].Occurrences != 1 ||
		first[0].Resolved != "" || !strings.Contains(first[0].Message, "S3") {
		t.Fatalf("alerts right after the storm: %+v; want one open storage_unavailable written once", first)
	}
	var later []alertRow
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if later = storageAlertsOf(t, server.URL, admin); len(later) == 1 && later[0].Occurrences == storm {
			return
		}
	}
	t.Fatalf("alerts after the interval: %+v; want the one row counting all %d failures", later, storm)
}

// TestStorageAlertResolved: a write that stores files again closes an open storage alert.
func TestStorageAlertResolved(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	body, headers := imageUpload(t, fx, "11")
	(&tests.ApiScenario{
		Name: "an upload that goes through resolves the storage alert", Method: http.MethodPost, URL: "/api/collections/images/records",
		Body: body, Headers: headers, TestAppFactory: fx.NewApp,
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			alert := core.NewRecord(mustCollection(t, app, "server_alerts"))
			alert.Load(map[string]any{"kind": hooks.AlertStorageFull, "message": "disk full", "occurrences": 3})
			if err := app.Save(alert); err != nil {
				t.Fatal(err)
			}
		},
		ExpectedStatus: 200, ExpectedContent: []string{`"index":11`},
		// the image and its audit entries created, and one update: the alert resolved
		ExpectedEvents: map[string]int{"OnRecordCreateRequest": 1, "OnRecordEnrich": 1,
			"OnRecordCreate": 3, "OnRecordCreateExecute": 3, "OnRecordAfterCreateSuccess": 3,
			"OnModelCreate": 3, "OnModelCreateExecute": 3, "OnModelAfterCreateSuccess": 3,
			"OnRecordUpdate": 1, "OnRecordUpdateExecute": 1, "OnRecordAfterUpdateSuccess": 1,
			"OnModelUpdate": 1, "OnModelUpdateExecute": 1, "OnModelAfterUpdateSuccess": 1,
			"OnRecordValidate": 4, "OnModelValidate": 4},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			alert, err := app.FindFirstRecordByData("server_alerts", "kind", hooks.AlertStorageFull)
			if err != nil || alert.GetDateTime("resolved").IsZero() {
				t.Errorf("storage_full alert after a good upload: %v %v; want resolved", alert, err)
			}
		}}).Test(t)
}
