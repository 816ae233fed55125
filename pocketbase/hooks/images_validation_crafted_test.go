package hooks_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/dicomcheck/dicomtest"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/internal/testenv/craft"
)

// craftedName is the patient-like text hidden in every crafted file; no answer may repeat it.
const craftedName = "Jane Roe 1970-01-01"

// TestCraftedRastersThroughTheAPI sends each way around the old metadata check as a preview
// and as a header image: each is refused with a code and a message that names what to fix,
// and a JPEG as Chromium's canvas writes it (the app's only encoder) still passes.
func TestCraftedRastersThroughTheAPI(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	pngb := craft.PNG(48, 27)
	canvasJPEG := craft.WithICC(craft.WithJFIF(jpg), craft.ICCProfile("sRGB", "Google Inc. 2016"))
	for _, c := range []struct {
		name    string
		image   []byte
		status  int
		content string
	}{
		{"a JPEG as a canvas writes it", canvasJPEG, 200, `"id":`},
		{"EXIF after the scan", craft.WithJPEGSegmentAfterScan(jpg, 0xE1, "Exif\x00\x00MM\x00*"+craftedName), 400, `"code":"image_metadata","message":"The JPEG carries an EXIF/XMP (APP1) metadata segment`},
		{"a comment after the scan", craft.WithJPEGSegmentAfterScan(jpg, 0xFE, craftedName), 400, `"code":"image_metadata","message":"The JPEG carries a comment (COM) segment`},
		{"a trailer after EOI ending in FF D9", craft.WithTrailerAfterEOI(jpg, craftedName), 400, `"code":"image_trailing_data","message":"The JPEG image has 21 bytes after its End of Image marker`},
		{"an ICC profile described with a name", craft.WithICC(jpg, craft.ICCProfile(craftedName, "Google Inc. 2016")), 400, `"code":"image_metadata","message":"The JPEG carries an ICC colour profile (APP2) that is not a standard`},
		{"a PNG private chunk", craft.WithPNGChunkBeforeIEND(pngb, "ptNm", craftedName), 400, `"code":"image_metadata","message":"The PNG carries a private or unknown chunk`},
		{"a PNG iCCP named after the patient", craft.WithICCProfileNamed(pngb, craftedName), 400, `"code":"image_metadata","message":"The PNG carries an ICC profile (iCCP) chunk`},
	} {
		for _, target := range []struct{ field, url, ext string }{
			{"preview", "/api/collections/images/records", ".jpg"},
			{"header_image", "/api/collections/cases/records", ".png"},
		} {
			fields := map[string]string{"series": tv.PublishedSeriesID, "index": "9"}
			if target.field == "header_image" {
				fields = map[string]string{"author": tv.AuthorID, "title": "Crafted", "category": "thorax", "status": "draft"}
			}
			body, headers, err := tv.Multipart(fields, map[string][]byte{target.field: c.image}, map[string]string{target.field: target.ext})
			if err != nil {
				t.Fatal(err)
			}
			headers["Authorization"] = fx.Tokens[tv.AuthorID]
			content := c.content
			if c.status == 400 {
				content = `"` + target.field + `":{` + content
			}
			(&tests.ApiScenario{Name: target.field + ": " + c.name, Method: http.MethodPost, URL: target.url, Headers: headers,
				Body: strings.NewReader(body.String()), ExpectedStatus: c.status, ExpectedContent: []string{content},
				NotExpectedContent: []string{"Jane", "Roe", "1970"}, TestAppFactory: fx.NewApp}).Test(t)
		}
	}
}

// TestDicomPreambleThroughTheAPI: text in the 128-byte preamble is refused; the app's zeros pass.
func TestDicomPreambleThroughTheAPI(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	clean, err := dicomtest.CT()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(clean[:128], make([]byte, 128)) {
		t.Fatal("the generated CT's preamble is not zeros; the refused case below would prove nothing")
	}
	withText := bytes.Clone(clean)
	copy(withText[4:], craftedName)
	for _, c := range []struct {
		name    string
		dicom   []byte
		status  int
		content string
	}{
		{"a zero preamble", clean, 200, `"id":`},
		{"a name in the preamble", withText, 400, `"dicom":{"code":"dicom_preamble_not_zero","message":"The 128-byte preamble before DICM must be all zeros`},
	} {
		body, headers, err := tv.Multipart(map[string]string{"series": tv.PublishedSeriesID, "index": "9"},
			map[string][]byte{"preview": jpg, "dicom": c.dicom}, map[string]string{"preview": ".jpg", "dicom": ".dcm"})
		if err != nil {
			t.Fatal(err)
		}
		headers["Authorization"] = fx.Tokens[tv.AuthorID]
		(&tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: "/api/collections/images/records", Headers: headers,
			Body: strings.NewReader(body.String()), ExpectedStatus: c.status, ExpectedContent: []string{c.content},
			NotExpectedContent: []string{"Jane", "Roe", "1970"}, TestAppFactory: fx.NewApp}).Test(t)
	}
}
