package s3test_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/s3test"
)

// TestS3Storage runs uploads, downloads, thumbs, the case bundle and the
// deletions against a real S3 server (versitygw on loopback, path-style),
// checking the objects in the gateway's own directory.
func TestS3Storage(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	env := &s3Env{gw: gateway(t)}
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	dcm := tv.DicomBytes()
	previewURL := "/api/files/images/" + tv.PublishedImageID + "/" + fx.PublishedPreview
	uploadBody := func(t testing.TB) (*bytes.Buffer, map[string]string) {
		body, h := multipartBody(t, map[string]string{"series": tv.PublishedSeriesID, "index": "5"},
			map[string][]byte{"preview": jpg, "dicom": dcm}, map[string]string{"preview": "p.jpg", "dicom": "d.dcm"})
		h["Authorization"] = fx.Tokens[tv.AuthorID]
		return body, h
	}
	body, headers := uploadBody(t)
	// a published case's objects: its image's preview and DICOM
	publishedObjects := func(t testing.TB) []string {
		return s3test.Matching(env.keys(t), "/"+tv.PublishedImageID+"/")
	}

	scenarios := []tests.ApiScenario{
		{Name: "an image uploaded by its author is stored in the bucket, not on disk",
			Method: http.MethodPost, URL: "/api/collections/images/records", Body: body, Headers: headers,
			ExpectedStatus: 200, ExpectedContent: []string{`"index":5`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				rec, err := app.FindFirstRecordByFilter("images", "series = {:s} && index = 5", dbx.Params{"s": tv.PublishedSeriesID})
				if err != nil {
					t.Fatal(err)
				}
				for field, want := range map[string][]byte{"preview": jpg, "dicom": dcm} {
					key := rec.BaseFilesPath() + "/" + rec.GetString(field)
					got, err := env.gw.ObjectBytes(env.bucket, key)
					if err != nil || !bytes.Equal(got, want) {
						t.Errorf("object %s: %d bytes, err %v; want the %d uploaded bytes", key, len(got), err, len(want))
					}
				}
				if files := localFiles(t, app.DataDir()); len(files) != 0 {
					t.Errorf("files written to local storage with S3 on: %v", files)
				}
			}},
		{Name: "a guest downloads a published preview from the bucket",
			Method: http.MethodGet, URL: previewURL,
			ExpectedStatus: 200, ExpectedContent: []string{string(jpg[:4])},
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				got, _ := io.ReadAll(res.Body)
				if !bytes.Equal(got, jpg) {
					t.Errorf("downloaded %d bytes; want the stored %d", len(got), len(jpg))
				}
				if cc := res.Header.Get("Cache-Control"); cc != hooks.PublicFileCacheControl {
					t.Errorf("Cache-Control %q; want %q", cc, hooks.PublicFileCacheControl)
				}
			}},
		{Name: "a thumb is generated from the bucket and stored in it",
			Method: http.MethodGet, URL: previewURL + "?thumb=160x160",
			ExpectedStatus: 200, ExpectedContent: []string{"\xff\xd8"},
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				got, _ := io.ReadAll(res.Body)
				if bytes.Equal(got, jpg) || len(got) < 100 {
					t.Errorf("thumb response is %d bytes, the original or too small", len(got))
				}
				thumbs := s3test.Matching(env.keys(t), tv.PublishedImageID, "thumbs_"+fx.PublishedPreview+"/160x160_")
				if len(thumbs) != 1 {
					t.Errorf("thumb objects %v; want one 160x160 thumb", thumbs)
				}
			}},
		{Name: "a guest gets 404 for a draft's preview, also on S3",
			Method: http.MethodGet, URL: "/api/files/images/" + tv.DraftImageID + "/" + draftPreview(t, fx),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "the author reads their protected DICOM from the bucket with a file token",
			Method: http.MethodGet, URL: "/api/files/images/" + tv.PublishedImageID + "/" + fx.PublishedDicom + "?token=" + fx.FileTokens[tv.AuthorID],
			ExpectedStatus: 200, ExpectedContent: []string{"DICM"}},
		{Name: "the case bundle inlines the first slice read from the bucket",
			Method: http.MethodGet, URL: strings.Replace("/api/cassette/cases/{id}/bundle", "{id}", tv.PublishedCaseID, 1),
			ExpectedStatus: 200, ExpectedContent: []string{`"data":"` + base64.StdEncoding.EncodeToString(jpg) + `"`}},
		{Name: "deleting a case removes its images' objects and no one else's",
			Method: http.MethodDelete, URL: "/api/collections/cases/records/" + tv.PublishedCaseID, Headers: fx.Auth(tv.AuthorID),
			ExpectedStatus: 204,
			BeforeTestFunc: func(t testing.TB, _ *tests.TestApp, _ *core.ServeEvent) {
				if n := len(publishedObjects(t)); n != 2 {
					t.Fatalf("bucket holds %d objects of the published image before the delete; want 2", n)
				}
			},
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, _ *http.Response) {
				if left := eventually(func() []string { return publishedObjects(t) }); len(left) != 0 {
					t.Errorf("objects left after deleting the case: %v", left)
				}
				if kept := s3test.Matching(env.keys(t), "/"+tv.DraftImageID+"/"); len(kept) != 2 {
					t.Errorf("the draft's objects %v; want its 2 files kept", kept)
				}
			}},
		{Name: "deleting an account removes the objects of all its cases",
			Method: http.MethodDelete, URL: "/api/collections/users/records/" + tv.AuthorID, Headers: fx.Auth(tv.AuthorID),
			ExpectedStatus: 204,
			BeforeTestFunc: func(t testing.TB, _ *tests.TestApp, _ *core.ServeEvent) {
				if n := len(env.keys(t)); n < 4 {
					t.Fatalf("bucket holds %d objects before the delete; want the author's 4 files", n)
				}
			},
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, _ *http.Response) {
				if left := eventually(func() []string { return env.keys(t) }); len(left) != 0 {
					t.Errorf("objects left after deleting the only author: %v", left)
				}
			}},
	}
	for _, s := range scenarios {
		s.TestAppFactory = env.factory(fx)
		s.Test(t)
	}
}

// draftPreview is the stored preview name of the fixture's draft image.
func draftPreview(t testing.TB, fx *tv.Fixture) string {
	t.Helper()
	app := fx.NewApp(t)
	defer app.Cleanup()
	rec, err := app.FindRecordById("images", tv.DraftImageID)
	if err != nil {
		t.Fatal(err)
	}
	return rec.GetString("preview")
}

// eventually polls list until it is empty or 10 s have passed: PocketBase
// deletes a record's files after the delete is committed, in the background
// (core/base.go registerBaseHooks, "__pbFilesManagerDelete__").
func eventually(list func() []string) []string {
	deadline := time.Now().Add(10 * time.Second)
	for {
		left := list()
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(20 * time.Millisecond)
	}
}
