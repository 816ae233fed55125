package hooks

import (
	"github.com/pocketbase/pocketbase/core"
)

// DefaultRole is given to every new account.
const DefaultRole = "contributor"

// RoleChangeMessage is returned when a non-superuser tries to set a role.
const RoleChangeMessage = "Only an administrator can change an account's role."

func registerUsersRole(app core.App) {
	app.OnRecordCreateRequest("users").BindFunc(func(e *core.RecordRequestEvent) error {
		role := e.Record.GetString("role")
		if !e.HasSuperuserAuth() && role != "" && role != DefaultRole {
			return e.ForbiddenError(RoleChangeMessage, nil)
		}
		return e.Next()
	})

	app.OnRecordUpdateRequest("users").BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() && e.Record.GetString("role") != e.Record.Original().GetString("role") {
			return e.ForbiddenError(RoleChangeMessage, nil)
		}
		return e.Next()
	})

	// Model-level, so accounts made by the dashboard, OAuth2 or the seed
	// command get a role too.
	app.OnRecordCreate("users").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("role") == "" {
			e.Record.Set("role", DefaultRole)
		}
		return e.Next()
	})
}
