package hooks_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/suyashkumar/dicom/pkg/tag"

	"cassette/pocketbase/dicomcheck/dicomtest"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/migrations"
)

// TestImagesDicomDigest: images.dicom_sha256 is the digest of the stored DICOM file, set by
// the server from the uploaded bytes; no client, not even the dashboard, can write another.
func TestImagesDicomDigest(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	first := tv.DicomBytes()
	second, err := dicomtest.CT(dicomtest.Set(tag.InstanceNumber, "7"))
	if err != nil {
		t.Fatal(err)
	}
	digest := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	forged := strings.Repeat("0", 64)
	expectDigest := func(id, want string) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			img, err := app.FindRecordById("images", id)
			if err != nil {
				t.Fatal(err)
			}
			if got := img.GetString(migrations.DicomDigestField); got != want {
				t.Errorf("dicom_sha256 = %q; want %q", got, want)
			}
		}
	}
	form := func(fields map[string]string, files map[string][]byte, auth string) (string, map[string]string) {
		body, headers, err := tv.Multipart(fields, files, map[string]string{"preview": "p.jpg", "dicom": "s.dcm"})
		if err != nil {
			t.Fatal(err)
		}
		headers["Authorization"] = fx.Tokens[auth]
		return body.String(), headers
	}

	created, createHeaders := form(map[string]string{"id": "idigest00000001", "series": tv.PublishedSeriesID, "index": "9", "dicom_sha256": forged},
		map[string][]byte{"preview": jpg, "dicom": first}, tv.AuthorID)
	forgedOnly, forgedHeaders := form(map[string]string{"dicom_sha256": forged}, nil, "superuser")
	replaced, replacedHeaders := form(map[string]string{"dicom_sha256": forged}, map[string][]byte{"dicom": second}, "superuser")
	withImage := func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		// as the upload hook left it (straight to the table: the hook keeps the field on any Save)
		if _, err := app.DB().Update("images", dbx.Params{migrations.DicomDigestField: digest(first)},
			dbx.HashExp{"id": tv.PublishedImageID}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []tests.ApiScenario{
		{Name: "an upload stores the digest of its bytes, not the one the client sent", Method: http.MethodPost,
			URL: "/api/collections/images/records", Headers: createHeaders, Body: strings.NewReader(created), ExpectedStatus: 200,
			ExpectedContent: []string{`"id":"idigest00000001"`}, NotExpectedContent: []string{"dicom_sha256"}, AfterTestFunc: expectDigest("idigest00000001", digest(first))},
		{Name: "a dashboard edit cannot change the digest", Method: http.MethodPatch,
			URL: "/api/collections/images/records/" + tv.PublishedImageID, Headers: forgedHeaders, Body: strings.NewReader(forgedOnly),
			BeforeTestFunc: withImage, ExpectedStatus: 200, ExpectedContent: []string{`"id":"ipublished00001"`}, AfterTestFunc: expectDigest(tv.PublishedImageID, digest(first))},
		{Name: "a replaced file gets the new file's digest", Method: http.MethodPatch,
			URL: "/api/collections/images/records/" + tv.PublishedImageID, Headers: replacedHeaders, Body: strings.NewReader(replaced),
			BeforeTestFunc: withImage, ExpectedStatus: 200, ExpectedContent: []string{`"id":"ipublished00001"`}, AfterTestFunc: expectDigest(tv.PublishedImageID, digest(second))},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
