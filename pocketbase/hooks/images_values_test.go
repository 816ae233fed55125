package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/internal/testenv/craft"
)

// The windowing representation (images.values) goes through the same strict raster check as the
// preview: a clean JPEG is stored under a random name, one carrying metadata or trailing bytes is
// refused with nothing saved, and a PNG is refused by the field's own type list.
func TestImagesValues(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		name    string
		values  []byte
		status  int
		content string
	}{
		{"a grey JPEG of HU codes is stored beside the preview", craft.JPEG(64, 64), 200, `"values":"values_`},
		{"a values JPEG with EXIF is refused", craft.WithExif(craft.JPEG(64, 64)), 400, `"values":{"code":"image_metadata"`},
		{"a values JPEG with a comment after the scan is refused", craft.WithJPEGSegmentAfterScan(craft.JPEG(64, 64), 0xFE, "Jane Doe 1970-01-01"), 400, `"values":{"code":"image_metadata"`},
		{"a values JPEG with bytes after EOI is refused", craft.WithTrailerAfterEOI(craft.JPEG(64, 64), "Jane Doe"), 400, `"values":{"code":"image_trailing_data"`},
		{"a PNG is not a values file", craft.PNG(64, 64), 400, `"values":{"code":"validation_invalid_mime_type"`},
	} {
		files := map[string][]byte{"preview": jpg, "values": s.values}
		body, headers, err := tv.Multipart(map[string]string{"series": tv.PublishedSeriesID, "index": "11"}, files,
			map[string]string{"preview": clientName + ".jpg", "values": clientName + ".jpg"})
		if err != nil {
			t.Fatal(err)
		}
		headers["Authorization"] = fx.Tokens[tv.AuthorID]
		var after func(testing.TB, *tests.TestApp, *http.Response)
		if s.status == 200 {
			after = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				image, err := app.FindFirstRecordByFilter("images", "series = {:s} && index = 11", map[string]any{"s": tv.PublishedSeriesID})
				if err != nil {
					t.Fatal(err)
				}
				if name := image.GetString("values"); !strings.HasPrefix(name, "values_") || !strings.HasSuffix(name, ".jpg") {
					t.Fatalf("values stored as %q, want values_<random>.jpg", name)
				}
			}
		} else {
			after = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if n, _ := app.CountRecords("images", dbx.HashExp{"series": tv.PublishedSeriesID, "index": 11}); n != 0 {
					t.Fatalf("%d images saved after a refused upload", n)
				}
			}
		}
		(&tests.ApiScenario{Name: s.name, Method: http.MethodPost, URL: "/api/collections/images/records", Headers: headers,
			Body: strings.NewReader(body.String()), ExpectedStatus: s.status, ExpectedContent: []string{s.content},
			NotExpectedContent: []string{"DOE", "JANE", "Jane"}, TestAppFactory: fx.NewApp, AfterTestFunc: after}).Test(t)
	}
}
