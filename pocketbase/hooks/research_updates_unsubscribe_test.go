package hooks_test

import (
	"bytes"
	"encoding/hex"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// testKey is the unsubscribe secret written into every clone these tests use, so that a
// scenario's URL can carry a valid token before its app exists.
var (
	testKey  = bytes.Repeat([]byte{0x5a}, 32)
	otherKey = bytes.Repeat([]byte{0xa5}, 32)
)

// withKey is updatesApp with testKey as the server secret.
func withKey(fx *tv.Moderation) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app := updatesApp(fx)(t)
		if err := os.WriteFile(filepath.Join(app.DataDir(), hooks.UnsubscribeKeyFile), []byte(hex.EncodeToString(testKey)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return app
	}
}

func optedOut(t testing.TB, app *tests.TestApp, userID string) bool {
	t.Helper()
	return record(t, app, "users", userID).GetBool("research_updates_opt_out")
}

// staysSubscribed checks that nobody was unsubscribed by a refused request.
func staysSubscribed(t testing.TB, app *tests.TestApp, _ *http.Response) {
	for _, id := range []string{tv.AuthorID, tv.OtherID, spanishID} {
		if optedOut(t, app, id) {
			t.Errorf("%s was unsubscribed", id)
		}
	}
}

func TestUnsubscribeLink(t *testing.T) {
	t.Parallel()
	fx := tv.LoadModeration(t)
	author := hooks.SignUnsubscribe(testKey, tv.AuthorID)
	_, authorSig, _ := strings.Cut(author, "-")
	query := func(token string) string { return hooks.UnsubscribePath + "?token=" + url.QueryEscape(token) }
	invalid := []string{"This unsubscribe link is not valid."}
	for _, s := range []tests.ApiScenario{
		{Name: "the app's page posts the token; no sign-in needed", Method: http.MethodPost, URL: hooks.UnsubscribePath,
			Body: strings.NewReader(`{"token":"` + author + `"}`), ExpectedStatus: 200, ExpectedContent: []string{`"subscribed":false`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if !optedOut(t, app, tv.AuthorID) || optedOut(t, app, spanishID) {
					t.Error("the token did not unsubscribe exactly its own account")
				}
				rows := updateAudit(t, app, "user.research_updates_opt_out", tv.AuthorID)
				if len(rows) != 1 || rows[0].GetString("actor") != tv.AuthorID {
					t.Errorf("opt-out audit entries: %d", len(rows))
				}
			}},
		{Name: "a mail client's RFC 8058 one-click POST", Method: http.MethodPost, URL: query(author),
			Body: strings.NewReader("List-Unsubscribe=One-Click"), Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			ExpectedStatus: 200, ExpectedContent: []string{`"subscribed":false`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if !optedOut(t, app, tv.AuthorID) {
					t.Error("not unsubscribed")
				}
			}},
		{Name: "one user's signature does not unsubscribe another", Method: http.MethodPost, URL: query(tv.OtherID + "-" + authorSig),
			ExpectedStatus: 400, ExpectedContent: invalid, AfterTestFunc: staysSubscribed},
		{Name: "a token signed with another secret is refused", Method: http.MethodPost, URL: query(hooks.SignUnsubscribe(otherKey, tv.AuthorID)),
			ExpectedStatus: 400, ExpectedContent: invalid, AfterTestFunc: staysSubscribed},
		{Name: "a truncated signature is refused", Method: http.MethodPost, URL: query(author[:len(author)-2]),
			ExpectedStatus: 400, ExpectedContent: invalid, AfterTestFunc: staysSubscribed},
		{Name: "a bare user id is refused", Method: http.MethodPost, URL: query(tv.AuthorID),
			ExpectedStatus: 400, ExpectedContent: invalid, AfterTestFunc: staysSubscribed},
		{Name: "no token is refused", Method: http.MethodPost, URL: hooks.UnsubscribePath,
			ExpectedStatus: 400, ExpectedContent: invalid, AfterTestFunc: staysSubscribed},
		{Name: "the token is not a sign-in", Method: http.MethodGet, URL: hooks.SubscriptionPath,
			Headers: map[string]string{"Authorization": author}, ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
	} {
		s.TestAppFactory = withKey(fx)
		s.Test(t)
	}
}

func TestProfileSubscription(t *testing.T) {
	t.Parallel()
	fx := tv.LoadModeration(t)
	optedOutAuthor := func(t testing.TB) *tests.TestApp {
		app := withKey(fx)(t)
		u := record(t, app, "users", tv.AuthorID)
		u.Set("research_updates_opt_out", true)
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
		return app
	}
	for _, s := range []tests.ApiScenario{
		{Name: "a consenting contributor is subscribed by default", Method: http.MethodGet, URL: hooks.SubscriptionPath,
			Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 200, ExpectedContent: []string{`"subscribed":true`, `"contributor":true`},
			TestAppFactory: withKey(fx)},
		{Name: "a user without a consented case is told so", Method: http.MethodGet, URL: hooks.SubscriptionPath,
			Headers: fx.Auth(tv.OtherID), ExpectedStatus: 200, ExpectedContent: []string{`"contributor":false`}, TestAppFactory: withKey(fx)},
		{Name: "a guest is asked to sign in", Method: http.MethodGet, URL: hooks.SubscriptionPath,
			ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}, TestAppFactory: withKey(fx)},
		{Name: "an unsubscribed contributor opts back in", Method: http.MethodPut, URL: hooks.SubscriptionPath,
			Body: strings.NewReader(`{"subscribed":true}`), Headers: fx.Auth(tv.AuthorID),
			ExpectedStatus: 200, ExpectedContent: []string{`"subscribed":true`}, TestAppFactory: optedOutAuthor,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if optedOut(t, app, tv.AuthorID) {
					t.Error("still opted out")
				}
				if rows := updateAudit(t, app, "user.research_updates_opt_in", tv.AuthorID); len(rows) != 1 {
					t.Errorf("%d opt-in audit entries, want 1", len(rows))
				}
			}},
		{Name: "a body without a choice is refused", Method: http.MethodPut, URL: hooks.SubscriptionPath,
			Body: strings.NewReader(`{}`), Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 400,
			ExpectedContent: []string{`{\"subscribed\": true}`}, TestAppFactory: optedOutAuthor},
		{Name: "the hidden field cannot be set through the users API", Method: http.MethodPatch, URL: usersURL + tv.AuthorID,
			Body: strings.NewReader(`{"research_updates_opt_out":false,"name":"Me"}`), Headers: fx.Auth(tv.AuthorID),
			ExpectedStatus: 200, NotExpectedContent: []string{"research_updates_opt_out"}, TestAppFactory: optedOutAuthor,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if !optedOut(t, app, tv.AuthorID) {
					t.Error("the users API changed the opt-out")
				}
			}},
		{Name: "other users never see the choice", Method: http.MethodGet, URL: usersURL + tv.AuthorID,
			Headers: fx.Auth(tv.OtherID), ExpectedStatus: 200, ExpectedContent: []string{`"username":"author"`},
			NotExpectedContent: []string{"research_updates_opt_out"}, TestAppFactory: optedOutAuthor},
	} {
		s.Test(t)
	}
}
