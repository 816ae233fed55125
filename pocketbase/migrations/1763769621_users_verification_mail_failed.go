package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		// Hidden: other users never see it and nobody but a superuser can
		// set it through the API; hooks/users_mail_failure.go shows it to
		// the account itself.
		users.Fields.Add(&core.DateField{Name: "verification_mail_failed", Hidden: true,
			Help: "When the last verification email to this user could not be sent (empty once one was sent). The app tells the user to try again."})
		return app.Save(users)
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.RemoveByName("verification_mail_failed")
		return app.Save(users)
	})
}
