package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

func TestUsersRole(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const url = "/api/collections/users/records"
	signUp := func(role string) *strings.Reader {
		return strings.NewReader(`{"email":"new@cassette.test","password":"long-enough-1","passwordConfirm":"long-enough-1","username":"newbie"` + role + `}`)
	}
	for _, s := range []tests.ApiScenario{
		{Name: "a user cannot make themselves a researcher", Method: http.MethodPatch, URL: url + "/" + tv.AuthorID,
			Headers: fx.Auth(tv.AuthorID), Body: strings.NewReader(`{"role":"researcher"}`),
			ExpectedStatus: 403, ExpectedContent: []string{hooks.RoleChangeMessage},
			// refused in the request hook: OnRecordUpdate never ran, nothing was saved
			ExpectedEvents: events("OnRecordUpdateRequest", saves{}, 0)},
		{Name: "a researcher cannot drop their role either", Method: http.MethodPatch, URL: url + "/" + tv.ResearcherID,
			Headers: fx.Auth(tv.ResearcherID), Body: strings.NewReader(`{"role":"contributor"}`),
			ExpectedStatus: 403, ExpectedContent: []string{hooks.RoleChangeMessage},
			ExpectedEvents: events("OnRecordUpdateRequest", saves{}, 0)},
		{Name: "a user may resend their own unchanged role", Method: http.MethodPatch, URL: url + "/" + tv.AuthorID,
			Headers: fx.Auth(tv.AuthorID), Body: strings.NewReader(`{"role":"contributor","name":"Same role"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"role":"contributor"`, `"name":"Same role"`},
			ExpectedEvents: events("OnRecordUpdateRequest", saves{Updated: 1}, 1)},
		{Name: "a superuser grants the researcher role, and the audit log says so", Method: http.MethodPatch, URL: url + "/" + tv.AuthorID,
			Headers: fx.Auth("superuser"), Body: strings.NewReader(`{"role":"researcher"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"role":"researcher"`},
			// the account, and the user.role audit row
			ExpectedEvents: events("OnRecordUpdateRequest", saves{Updated: 1, Created: 1}, 1),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				entry, err := app.FindFirstRecordByFilter("audit_log", "action = 'user.role' && target = {:id}", dbx.Params{"id": tv.AuthorID})
				if err != nil {
					t.Fatalf("no user.role audit row: %v", err)
				}
				details := entry.GetString("details")
				if entry.GetString("actor_collection") != core.CollectionNameSuperusers || !strings.Contains(details, `"from":"contributor"`) || !strings.Contains(details, `"to":"researcher"`) {
					t.Errorf("audit row: actor %s/%s, details %s", entry.GetString("actor_collection"), entry.GetString("actor"), details)
				}
			}},
		{Name: "a superuser creates a researcher account, audited", Method: http.MethodPost, URL: url,
			Headers: fx.Auth("superuser"), Body: signUp(`,"role":"researcher"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"role":"researcher"`},
			ExpectedEvents: events("OnRecordCreateRequest", saves{Created: 2}, 1)},
		{Name: "signing up as a researcher is refused", Method: http.MethodPost, URL: url, Body: signUp(`,"role":"researcher"`),
			ExpectedStatus: 403, ExpectedContent: []string{hooks.RoleChangeMessage},
			// no account is created
			ExpectedEvents: events("OnRecordCreateRequest", saves{}, 0)},
		{Name: "signing up without a role makes a contributor", Method: http.MethodPost, URL: url, Body: signUp(``),
			ExpectedStatus: 200, ExpectedContent: []string{`"role":"contributor"`},
			// the account alone: sign-up is not audited and sends no email by itself
			ExpectedEvents: events("OnRecordCreateRequest", saves{Created: 1}, 1)},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}

func TestUsersRoleDefaultOutsideRequests(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()

	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	user := core.NewRecord(users)
	user.SetEmail("dashboard@cassette.test")
	user.SetPassword("long-enough-1")
	user.Set("username", "dashboard")
	if err := app.Save(user); err != nil {
		t.Fatal(err)
	}
	saved, err := app.FindRecordById("users", user.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got := saved.GetString("role"); got != hooks.DefaultRole {
		t.Errorf("role of an account created outside the API = %q, want %q", got, hooks.DefaultRole)
	}
}
