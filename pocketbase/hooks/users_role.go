package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"cassette/pocketbase/migrations"
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
		if err := e.Next(); err != nil {
			return err
		}
		if role != "" && role != DefaultRole {
			auditRoleChange(e, "")
		}
		return nil
	})

	app.OnRecordUpdateRequest("users").BindFunc(func(e *core.RecordRequestEvent) error {
		from := e.Record.Original().GetString("role")
		if !e.HasSuperuserAuth() && e.Record.GetString("role") != from {
			return e.ForbiddenError(RoleChangeMessage, nil)
		}
		if err := e.Next(); err != nil {
			return err
		}
		if e.Record.GetString("role") != from {
			auditRoleChange(e, from)
		}
		return nil
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

// auditRoleChange records who gave the account which role (user.role): the researcher role
// opens the consented research data, so granting it is an administrator's act the log must
// show. Like auditAfter, a failed write is logged, not returned: the change itself is done.
func auditRoleChange(e *core.RecordRequestEvent, from string) {
	details := map[string]any{"username": e.Record.GetString("username"), "from": from, "to": e.Record.GetString("role")}
	if err := writeAuditEntry(e.App, migrations.RoleAuditAction, e.Auth, e.Record.Id, details); err != nil {
		e.App.Logger().Error("audit_log write failed", "action", migrations.RoleAuditAction, "target", e.Record.Id, "error", err)
	}
}
