package tokens_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/research"
	"cassette/pocketbase/tokens"
)

// Secrets of the fixture tokens (a real token is 43 random characters after the prefix; the
// server only ever sees its hash, so any string with the prefix works in a test).
const (
	personalToken      = "cst_personal-valid"
	revokedToken       = "cst_personal-revoked"
	expiredToken       = "cst_personal-expired"
	contributorToken   = "cst_personal-of-a-contributor"
	integrationToken   = "cst_integration-valid"
	expiredIntegration = "cst_integration-expired"
	personalTokenID    = "tpersonal000001"
	otherUsersTokenID  = "tcontributor001"
)

func TestMain(m *testing.M) {
	code := m.Run()
	tv.Cleanup()
	os.Exit(code)
}

// newApp is the moderation fixture (published, draft, hidden, removed and a blocked author's
// cases) with tokens of every state, Cassette's hooks, the research and the token routes.
func newApp(t testing.TB) *tests.TestApp {
	mod := tv.LoadModeration(t)
	app, err := tests.NewTestApp(mod.Dir)
	if err != nil {
		t.Fatal(err)
	}
	col, err := app.FindCollectionByNameOrId("api_tokens")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for _, tk := range []struct {
		id, secret, kind, user string
		expires                time.Time
		revoked                bool
	}{
		{personalTokenID, personalToken, tokens.Personal, tv.ResearcherID, now.Add(24 * time.Hour), false},
		{"trevoked0000001", revokedToken, tokens.Personal, tv.ResearcherID, now.Add(24 * time.Hour), true},
		{"texpired0000001", expiredToken, tokens.Personal, tv.ResearcherID, now.Add(-time.Minute), false},
		{otherUsersTokenID, contributorToken, tokens.Personal, tv.AuthorID, now.Add(24 * time.Hour), false},
		{"tintegration001", integrationToken, tokens.Integration, "", now.Add(24 * time.Hour), false},
		{"tintexpired0001", expiredIntegration, tokens.Integration, "", now.Add(-time.Minute), false},
	} {
		rec := core.NewRecord(col)
		rec.Id = tk.id
		expires, _ := types.ParseDateTime(tk.expires)
		rec.Load(map[string]any{"name": "token " + tk.id, "kind": tk.kind, "user": tk.user, "hash": tokens.Hash(tk.secret),
			"hint": tk.secret[len(tk.secret)-4:], "expires": expires, "revoked": tk.revoked})
		if err := app.Save(rec); err != nil {
			t.Fatalf("token %s: %v", tk.id, err)
		}
	}
	hooks.Register(app)
	research.Register(app) // with the token routes
	return app
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
