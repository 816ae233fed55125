package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Residents know each other by username, so signing in accepts it as well as the email.
// PocketBase requires a unique index on every identity field: idx_users_username (from the
// users profile migration) is that index.
func init() {
	m.Register(func(app core.App) error {
		return setIdentityFields(app, []string{"email", "username"})
	}, func(app core.App) error {
		return setIdentityFields(app, []string{"email"})
	})
}

func setIdentityFields(app core.App, fields []string) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.PasswordAuth.IdentityFields = fields
	return app.Save(users)
}
