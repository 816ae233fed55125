package s3test_test

import (
	"bytes"
	"context"
	"io/fs"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/routes"
	"cassette/pocketbase/s3test"
)

// s3Env is a fixture clone whose files live in a bucket of its own on the
// shared gateway, as a deployment moved to S3 would have them.
type s3Env struct {
	gw     *s3test.Gateway
	bucket string
}

func gateway(t testing.TB) *s3test.Gateway {
	t.Helper()
	g, err := s3test.Shared()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// factory returns a TestAppFactory: the fixture with Cassette's hooks and
// routes, its stored files copied into a fresh bucket and the local storage
// folder deleted, so a read that still went to the disk would fail.
func (env *s3Env) factory(fx *tv.Fixture) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app := fx.NewApp(t)
		routes.Register(app)
		bucket, err := env.gw.NewBucket(context.Background(), "cassette")
		if err != nil {
			t.Fatal(err)
		}
		env.bucket = bucket
		cfg := env.gw.S3Config(bucket)
		if err := copyStorage(app.DataDir(), cfg); err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(filepath.Join(app.DataDir(), "storage")); err != nil {
			t.Fatal(err)
		}
		// saved, not only set in memory: serving reloads the settings from the database
		settings := app.Settings()
		settings.S3 = cfg
		if err := app.Save(settings); err != nil {
			t.Fatal(err)
		}
		return app
	}
}

// keys lists the bucket, failing the test on error.
func (env *s3Env) keys(t testing.TB) []string {
	t.Helper()
	keys, err := env.gw.Objects(env.bucket)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// copyStorage uploads every stored file of dataDir (not the local driver's
// .attrs side files) to S3 under the same key.
func copyStorage(dataDir string, cfg core.S3Config) error {
	fsys, err := filesystem.NewS3(cfg.Bucket, cfg.Region, cfg.Endpoint, cfg.AccessKey, cfg.Secret, cfg.ForcePathStyle)
	if err != nil {
		return err
	}
	defer fsys.Close()
	root := filepath.Join(dataDir, "storage")
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".attrs") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		return fsys.Upload(b, filepath.ToSlash(rel))
	})
}

// localFiles lists the regular files under the app's local storage folder.
func localFiles(t testing.TB, dataDir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(filepath.Join(dataDir, "storage"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out
}

// multipartBody builds a multipart/form-data body.
func multipartBody(t testing.TB, fields map[string]string, files map[string][]byte, names map[string]string) (*bytes.Buffer, map[string]string) {
	t.Helper()
	body := &bytes.Buffer{}
	w := multipart.NewWriter(body)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for k, b := range files {
		part, err := w.CreateFormFile(k, names[k])
		if err != nil {
			t.Fatal(err)
		}
		part.Write(b)
	}
	w.Close()
	return body, map[string]string{"Content-Type": w.FormDataContentType()}
}
