package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// AcademicYears are the training stages a contributor can declare.
var AcademicYears = []string{"student", "R0", "R1", "R2", "R3", "R4", "R5", "attending"}

// Specialties are the radiology subspecialties offered in the profile.
var Specialties = []string{
	"pediatric", "gynecologic_breast", "abdominal", "neuroradiology", "interventional",
	"musculoskeletal", "general", "thoracic", "cardiac", "head_neck", "emergency", "nuclear_medicine",
}

// Roles are the account roles; only superusers may grant "researcher"
// (enforced by hooks/users_role.go).
var Roles = []string{"contributor", "researcher"}

// Languages are the languages Cassette speaks, also used for emails.
var Languages = []string{"es", "en"}

// profileFields are the fields this migration adds to the default users collection.
var profileFields = []string{"username", "country", "academic_year", "work_location", "specialty", "role", "language"}

func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}

		users.Fields.Add(
			&core.TextField{Name: "username", Required: true, Min: 3, Max: 30, Pattern: `^[a-z0-9_.-]+$`, Presentable: true},
			&core.SelectField{Name: "country", Values: CountryCodes, MaxSelect: 1},
			&core.SelectField{Name: "academic_year", Values: AcademicYears, MaxSelect: 1},
			&core.TextField{Name: "work_location", Max: 200},
			&core.SelectField{Name: "specialty", Values: Specialties, MaxSelect: 1},
			&core.SelectField{Name: "role", Values: Roles, MaxSelect: 1},
			&core.SelectField{Name: "language", Values: Languages, MaxSelect: 1},
		)
		users.AddIndex("idx_users_username", true, "`username`", "`username` != ''")

		// Profiles are public so that a case can show its author (email stays
		// hidden unless the user opts in); listing is limited to oneself so
		// accounts cannot be enumerated.
		users.ListRule = types.Pointer("id = @request.auth.id")
		users.ViewRule = types.Pointer("")
		users.CreateRule = types.Pointer("")
		users.UpdateRule = types.Pointer("id = @request.auth.id")
		users.DeleteRule = types.Pointer("id = @request.auth.id")

		// The SPA owns the confirmation pages; hooks/users_mail.go replaces
		// these English defaults with the user's language when sending.
		users.VerificationTemplate = core.EmailTemplate{
			Subject: "Verify your {APP_NAME} email",
			Body:    `<p>Hello,</p><p>Confirm your email address to start publishing cases on {APP_NAME}.</p><p><a class="btn" href="{APP_URL}/verify/{TOKEN}">Verify</a></p>`,
		}
		users.ResetPasswordTemplate = core.EmailTemplate{
			Subject: "Reset your {APP_NAME} password",
			Body:    `<p>Hello,</p><p>Choose a new password for {APP_NAME}.</p><p><a class="btn" href="{APP_URL}/reset/{TOKEN}">Reset password</a></p>`,
		}
		users.ConfirmEmailChangeTemplate = core.EmailTemplate{
			Subject: "Confirm your new {APP_NAME} email",
			Body:    `<p>Hello,</p><p>Confirm your new email address for {APP_NAME}.</p><p><a class="btn" href="{APP_URL}/confirm-email/{TOKEN}">Confirm email</a></p>`,
		}

		return app.Save(users)
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		for _, name := range profileFields {
			users.Fields.RemoveByName(name)
		}
		users.RemoveIndex("idx_users_username")
		owner := types.Pointer("id = @request.auth.id")
		users.ListRule, users.ViewRule, users.UpdateRule, users.DeleteRule = owner, owner, owner, owner
		return app.Save(users)
	})
}
