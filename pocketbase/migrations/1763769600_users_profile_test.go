package migrations_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

func TestUsersRules(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const url = "/api/collections/users/records"
	var (
		listTotal = expect{0, 1, 1, 1, 1, 4}
		update    = expect{404, 200, 404, 404, 404, 200}
		remove    = expect{404, 204, 404, 404, 404, 204}
	)
	for i, r := range roles {
		scenarios := []tests.ApiScenario{
			{Name: "list as " + r.name, Method: http.MethodGet, URL: url, Headers: headers(fx, r, nil), ExpectedStatus: 200,
				ExpectedContent: []string{fmt.Sprintf(`"totalItems":%d`, listTotal[i])}, ExpectedEvents: listed(listTotal[i])},
			// profiles are public so cases can show their author, emails are not
			{Name: "view the author as " + r.name, Method: http.MethodGet, URL: url + "/" + tv.AuthorID, Headers: headers(fx, r, nil),
				ExpectedStatus: 200, ExpectedContent: []string{`"username":"author"`}, ExpectedEvents: viewed()},
			{Name: "update the author as " + r.name, Method: http.MethodPatch, URL: url + "/" + tv.AuthorID, Headers: headers(fx, r, nil),
				Body:           strings.NewReader(`{"name":"Dr. Changed","country":"ES","academic_year":"R2","specialty":"thoracic","language":"es"}`),
				ExpectedStatus: update[i], ExpectedContent: bodyFor(update[i], []string{`"name":"Dr. Changed"`, `"specialty":"thoracic"`}),
				ExpectedEvents: eventsFor(update[i], events("OnRecordUpdateRequest", saves{Updated: 1}, 1))},
			{Name: "delete the author as " + r.name, Method: http.MethodDelete, URL: url + "/" + tv.AuthorID, Headers: headers(fx, r, nil),
				ExpectedStatus: remove[i], ExpectedContent: bodyFor(remove[i], nil), ExpectedEvents: eventsFor(remove[i], accountDeleted)},
		}
		for _, s := range scenarios {
			s.TestAppFactory = fx.NewApp
			s.Test(t)
		}
	}

	// PocketBase's field validation refuses the new account: no row is written
	invalid := events("OnRecordCreateRequest", saves{Invalid: 1}, 0)
	signUp := func(extra string) *strings.Reader {
		return strings.NewReader(`{"email":"new@cassette.test","password":"long-enough-1","passwordConfirm":"long-enough-1"` + extra + `}`)
	}
	for _, s := range []tests.ApiScenario{
		{Name: "view the author's email as a guest", Method: http.MethodGet, URL: url + "/" + tv.AuthorID, ExpectedStatus: 200,
			NotExpectedContent: []string{"author@cassette.test"}, ExpectedEvents: viewed()},
		{Name: "sign up", Method: http.MethodPost, URL: url, Body: signUp(`,"username":"new.user_1","country":"AR","language":"es"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"username":"new.user_1"`, `"role":"contributor"`, `"verified":false`},
			ExpectedEvents: events("OnRecordCreateRequest", saves{Created: 1}, 1)},
		{Name: "sign up cannot skip email verification", Method: http.MethodPost, URL: url, Body: signUp(`,"username":"sneaky","verified":true`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`},
			// PocketBase's record form refuses it after the request hook, before any save
			// (forms/record_upsert.go: verified needs manage access)
			ExpectedEvents: events("OnRecordCreateRequest", saves{}, 0),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if u, err := app.FindAuthRecordByEmail("users", "new@cassette.test"); err == nil && u.Verified() {
					t.Error("a self-verified account was created")
				}
			}},
		{Name: "sign up without a username", Method: http.MethodPost, URL: url, Body: signUp(``),
			ExpectedStatus: 400, ExpectedContent: []string{`"username":{"code":"validation_required"`}, ExpectedEvents: invalid},
		{Name: "sign up with a username that is too short", Method: http.MethodPost, URL: url, Body: signUp(`,"username":"ab"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"username":{"code":"validation_min_text_constraint"`}, ExpectedEvents: invalid},
		{Name: "sign up with capitals in the username", Method: http.MethodPost, URL: url, Body: signUp(`,"username":"NewUser"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"username":{"code":"validation_invalid_format"`}, ExpectedEvents: invalid},
		{Name: "sign up with a taken username", Method: http.MethodPost, URL: url, Body: signUp(`,"username":"author"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"username":{"code":"validation_not_unique"`},
			// validation passes; the unique index refuses the INSERT itself
			ExpectedEvents: with(events("OnRecordCreateRequest", saves{Invalid: 1}, 0), "OnModelCreateExecute", "OnRecordCreateExecute")},
		{Name: "sign up with an unknown country", Method: http.MethodPost, URL: url, Body: signUp(`,"username":"newuser","country":"XX"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"country":{"code":"validation_invalid_value"`}, ExpectedEvents: invalid},
		{Name: "sign up with an unknown academic year", Method: http.MethodPost, URL: url, Body: signUp(`,"username":"newuser","academic_year":"R9"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"academic_year":{"code":"validation_invalid_value"`}, ExpectedEvents: invalid},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}

// Deleting an account takes its cases, their series and images, and the
// stored files with it.
func TestUsersDeleteCascades(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	(&tests.ApiScenario{
		Name: "the author deletes their account", Method: http.MethodDelete, URL: "/api/collections/users/records/" + tv.AuthorID,
		Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 204, TestAppFactory: fx.NewApp, ExpectedEvents: accountDeleted,
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			if n := len(storedImageFiles(t, app, tv.PublishedImageID)); n != 2 {
				t.Fatalf("before: image %s has %d stored files, want 2 (preview and dicom)", tv.PublishedImageID, n)
			}
		},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			for _, c := range []struct{ collection, filter string }{
				{"cases", "author = '" + tv.AuthorID + "'"},
				{"series", "case.author = '" + tv.AuthorID + "'"},
				{"images", "series.case.author = '" + tv.AuthorID + "'"},
			} {
				n, err := app.CountRecords(c.collection)
				if err != nil {
					t.Fatal(err)
				}
				left, err := app.FindRecordsByFilter(c.collection, c.filter, "", 0, 0)
				if err != nil {
					t.Fatal(err)
				}
				if len(left) != 0 {
					t.Errorf("%d %s of the deleted author are left (of %d)", len(left), c.collection, n)
				}
			}
			if n, _ := app.CountRecords("cases"); n != 1 {
				t.Errorf("cases left = %d, want 1 (the other user's)", n)
			}
			// PocketBase deletes the storage of deleted records in the background
			for _, id := range []string{tv.PublishedImageID, tv.DraftImageID} {
				deadline := time.Now().Add(10 * time.Second)
				files := storedImageFiles(t, app, id)
				for len(files) != 0 && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
					files = storedImageFiles(t, app, id)
				}
				if len(files) != 0 {
					t.Errorf("image %s still has stored files %v", id, files)
				}
			}
		},
	}).Test(t)
}

// accountDeleted is what deleting the author's account writes: the account, its two
// cases, their two series and two images and the report on the published case
// (cascades), and one user.delete audit_log row (hooks/audit_log.go).
var accountDeleted = events("OnRecordDeleteRequest", saves{Deleted: 8, Created: 1}, 0)

// storedImageFiles lists the stored files (thumbs included) of an image record.
func storedImageFiles(t testing.TB, app *tests.TestApp, id string) []string {
	t.Helper()
	fsys, err := app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	images, err := app.FindCollectionByNameOrId("images")
	if err != nil {
		t.Fatal(err)
	}
	objects, err := hooks.ListStored(fsys, images.Id+"/"+id+"/")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range objects {
		names = append(names, o.Key)
	}
	return names
}
