package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// TestRemovedCaseIsFrozen: nobody but a superuser changes the series or images of a removed
// case (before, its author could still edit its series and add images).
func TestRemovedCaseIsFrozen(t *testing.T) {
	fx := tv.LoadModeration(t)
	removed, published := fx.Case("removed"), fx.Case("published")
	preview, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	newImage := func() (*strings.Reader, map[string]string) {
		body, contentType, err := tv.Multipart(map[string]string{"series": removed.Series, "index": "1"},
			map[string][]byte{"preview": preview}, map[string]string{"preview": ".jpg"})
		if err != nil {
			t.Fatal(err)
		}
		contentType["Authorization"] = fx.Tokens[tv.AuthorID]
		return strings.NewReader(body.String()), contentType
	}
	imageBody, imageHeaders := newImage()
	const series, images = "/api/collections/series/records", "/api/collections/images/records"
	author, super := fx.Auth(tv.AuthorID), fx.Auth("superuser")
	frozen := []string{hooks.FrozenCaseMessage}
	for _, s := range []tests.ApiScenario{
		{Name: "add a series", Method: http.MethodPost, URL: series, Headers: author,
			Body: strings.NewReader(`{"case":"` + removed.Case + `","plane":"axial"}`), ExpectedStatus: 403, ExpectedContent: frozen},
		{Name: "edit a series", Method: http.MethodPatch, URL: series + "/" + removed.Series, Headers: author,
			Body: strings.NewReader(`{"description":"new"}`), ExpectedStatus: 403, ExpectedContent: frozen},
		{Name: "move a series out of the case", Method: http.MethodPatch, URL: series + "/" + removed.Series, Headers: author,
			Body: strings.NewReader(`{"case":"` + published.Case + `"}`), ExpectedStatus: 403, ExpectedContent: frozen},
		{Name: "delete a series", Method: http.MethodDelete, URL: series + "/" + removed.Series, Headers: author,
			ExpectedStatus: 403, ExpectedContent: frozen},
		{Name: "add an image", Method: http.MethodPost, URL: images, Headers: imageHeaders, Body: imageBody,
			ExpectedStatus: 403, ExpectedContent: frozen},
		{Name: "edit an image", Method: http.MethodPatch, URL: images + "/" + removed.Image, Headers: author,
			Body: strings.NewReader(`{"index":5}`), ExpectedStatus: 403, ExpectedContent: frozen},
		{Name: "delete an image", Method: http.MethodDelete, URL: images + "/" + removed.Image, Headers: author,
			ExpectedStatus: 403, ExpectedContent: frozen},
		{Name: "a superuser still edits it", Method: http.MethodPatch, URL: images + "/" + removed.Image, Headers: super,
			Body: strings.NewReader(`{"index":5}`), ExpectedStatus: 200, ExpectedContent: []string{`"index":5`}},
		{Name: "the series of a published case stay editable", Method: http.MethodPatch, URL: series + "/" + published.Series, Headers: author,
			Body: strings.NewReader(`{"description":"new"}`), ExpectedStatus: 200, ExpectedContent: []string{`"description":"new"`}},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
