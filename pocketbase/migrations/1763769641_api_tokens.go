package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ApiTokenKinds: a researcher's "personal" token lists and exports the research dataset; an
// "integration" token, made by an administrator, reads the published-case feed.
var ApiTokenKinds = []string{"personal", "integration"}

// ApiTokenRateLimits bound what one client address sends to the token-authenticated routes, on
// top of the per-token limit of tokens/limit.go (PocketBase matches a rule whose label is a
// path prefix: tools/router rate limit labels, apis/middlewares_rate_limit.go).
var ApiTokenRateLimits = []core.RateLimitRule{
	{Label: "/api/cassette/research/", MaxRequests: 60, Duration: 60},
	{Label: "/api/cassette/feed/", MaxRequests: 120, Duration: 60},
}

func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		// Tokens are made by the server (tokens/routes.go), which returns the secret once and
		// keeps only its SHA-256 (hidden). An owner lists their own; revoking goes through the
		// route; superusers see, revoke (revoked = true) and delete every token on the dashboard.
		tokens := core.NewBaseCollection("api_tokens")
		owner := "@request.auth.id != '' && user = @request.auth.id"
		tokens.ListRule = types.Pointer(owner)
		tokens.ViewRule = types.Pointer(owner)
		tokens.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 100, Presentable: true},
			&core.SelectField{Name: "kind", Required: true, Values: ApiTokenKinds, MaxSelect: 1},
			&core.RelationField{Name: "user", CollectionId: users.Id, MaxSelect: 1, CascadeDelete: true,
				Help: "The researcher who owns a personal token; empty for an integration token."},
			&core.TextField{Name: "hash", Required: true, Hidden: true, Min: 64, Max: 64, Pattern: `^[0-9a-f]{64}$`,
				Help: "SHA-256 of the secret (hex); the secret itself is never stored."},
			&core.TextField{Name: "hint", Max: 16, Help: "The secret's last characters, to tell tokens apart."},
			&core.DateField{Name: "expires", Required: true},
			&core.BoolField{Name: "revoked", Help: "A revoked token is refused at once."},
			&core.DateField{Name: "last_used"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		tokens.AddIndex("idx_api_tokens_hash", true, "`hash`", "")
		tokens.AddIndex("idx_api_tokens_user", false, "`user`", "")
		if err := app.Save(tokens); err != nil {
			return err
		}
		// Prefix rules are tried in list order and "/api/" would match first
		// (core/settings_model.go FindRateLimitRule): these go in front of it.
		settings := app.Settings()
		for _, rule := range slices.Backward(ApiTokenRateLimits) {
			if !slices.ContainsFunc(settings.RateLimits.Rules, func(r core.RateLimitRule) bool { return r.Label == rule.Label }) {
				settings.RateLimits.Rules = slices.Insert(settings.RateLimits.Rules, 0, rule)
			}
		}
		return app.Save(settings)
	}, func(app core.App) error {
		settings := app.Settings()
		settings.RateLimits.Rules = slices.DeleteFunc(settings.RateLimits.Rules, func(r core.RateLimitRule) bool {
			return slices.ContainsFunc(ApiTokenRateLimits, func(t core.RateLimitRule) bool { return t.Label == r.Label })
		})
		if err := app.Save(settings); err != nil {
			return err
		}
		tokens, err := app.FindCollectionByNameOrId("api_tokens")
		if err != nil {
			return err
		}
		return app.Delete(tokens)
	})
}
