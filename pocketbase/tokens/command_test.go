package tokens_test

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	"cassette/pocketbase/research"
	"cassette/pocketbase/tokens"
)

// run runs `cassette-server tokens ARGS...` against app and returns what it printed.
func run(t *testing.T, app core.App, args ...string) (string, error) {
	t.Helper()
	cmd := tokens.NewCommand(app)
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

// TestTokensCommand: an administrator at the server makes an integration token, sees its
// secret once, lists it without the secret and revokes it; the feed takes it only in between.
func TestTokensCommand(t *testing.T) {
	app := newApp(t)
	defer app.Cleanup()
	out, err := run(t, app, "create", "Teaching portal", "--days", "90")
	if err != nil {
		t.Fatalf("create: %v\n%s", err, out)
	}
	secret := regexp.MustCompile(`cst_[A-Za-z0-9_-]{43}`).FindString(out)
	id := regexp.MustCompile(`\(id (\w+)\)`).FindStringSubmatch(out)
	if secret == "" || id == nil {
		t.Fatalf("create printed no secret or id:\n%s", out)
	}
	rec, err := app.FindRecordById("api_tokens", id[1])
	if err != nil {
		t.Fatal(err)
	}
	if rec.GetString("kind") != tokens.Integration || rec.GetString("hash") != tokens.Hash(secret) || rec.GetString("user") != "" {
		t.Errorf("stored token: kind %q, user %q, hash matches %v", rec.GetString("kind"), rec.GetString("user"), rec.GetString("hash") == tokens.Hash(secret))
	}

	listed, err := run(t, app, "list")
	if err != nil || !strings.Contains(listed, "Teaching portal") || !strings.Contains(listed, "active") || strings.Contains(listed, secret) {
		t.Errorf("list (err %v) should name the token as active and never print its secret:\n%s", err, listed)
	}
	feed := func(status int, name string) {
		(&tests.ApiScenario{Name: name, Method: http.MethodGet, URL: tokens.FeedPath, Headers: map[string]string{"Authorization": "Bearer " + secret},
			ExpectedStatus: status, ExpectedContent: []string{map[int]string{200: `"items"`, 401: `"status":401`}[status]},
			TestAppFactory: func(t testing.TB) *tests.TestApp { // a copy of app's data as it is now
				copied, err := tests.NewTestApp(app.DataDir())
				if err != nil {
					t.Fatal(err)
				}
				hooks.Register(copied)
				research.Register(copied)
				return copied
			}}).Test(t)
	}
	feed(200, "the new token reads the feed")

	if out, err := run(t, app, "revoke", id[1]); err != nil || !strings.Contains(out, "Revoked") {
		t.Fatalf("revoke: %v\n%s", err, out)
	}
	feed(401, "the revoked token no longer does")
	if listed, _ := run(t, app, "list"); !strings.Contains(listed, "revoked") {
		t.Errorf("list after revoking:\n%s", listed)
	}

	for _, bad := range [][]string{{"create", "x", "--days", "0"}, {"create", strings.Repeat("n", 101)}, {"revoke", "nosuchtoken0000"}} {
		if out, err := run(t, app, bad...); err == nil {
			t.Errorf("tokens %v succeeded:\n%s", bad, out)
		}
	}
}
