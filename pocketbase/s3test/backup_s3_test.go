package s3test_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

// TestS3Backup stores a backup on the S3 server: the archive holds the
// database and none of the per-process upload folders, and nothing is
// written to the local backups folder.
func TestS3Backup(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	env := &s3Env{gw: gateway(t)}
	var backups string
	// backups go to a bucket of their own, as in production: the backups
	// filesystem lists its bucket's root as archives
	withBackupsOnS3 := func(t testing.TB) *tests.TestApp {
		app := env.factory(fx)(t)
		var err error
		if backups, err = env.gw.NewBucket(context.Background(), "backups"); err != nil {
			t.Fatal(err)
		}
		settings := app.Settings()
		settings.Backups.S3 = env.gw.S3Config(backups)
		if err := app.Save(settings); err != nil {
			t.Fatal(err)
		}
		return app
	}
	(&tests.ApiScenario{
		Name: "a superuser's backup is written to the bucket", Method: http.MethodPost, URL: "/api/backups",
		Body: strings.NewReader(`{"name":"nightly.zip"}`), Headers: fx.Auth("superuser"),
		ExpectedStatus: 204, TestAppFactory: withBackupsOnS3,
		ExpectedEvents: map[string]int{"*": 0, "OnBackupCreate": 1},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			b, err := env.gw.ObjectBytes(backups, "nightly.zip")
			if err != nil {
				t.Fatalf("backup object: %v (bucket: %v)", err, env.keys(t))
			}
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]bool{}
			for _, f := range zr.File {
				names[f.Name] = true
				if strings.HasPrefix(f.Name, ".cassette_tmp") {
					t.Errorf("backup holds upload scratch %s", f.Name)
				}
			}
			if !names["data.db"] {
				t.Errorf("backup has no data.db: %v", names)
			}
			if keys, _ := env.gw.Objects(backups); len(keys) != 1 {
				t.Errorf("backups bucket holds %v; want the one archive", keys)
			}
			if local, _ := filepath.Glob(filepath.Join(app.DataDir(), "backups", "*")); len(local) != 0 {
				t.Errorf("backup also written locally: %v", local)
			}
		}}).Test(t)
}
