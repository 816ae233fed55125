package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// RoleAuditAction is the audit_log action of hooks/users_role.go: an administrator gave an
// account another role (the researcher role opens the consented research data).
const RoleAuditAction = "user.role"

func init() {
	m.Register(func(app core.App) error {
		return changeAuditActions(app, func(values []string) []string {
			if !slices.Contains(values, RoleAuditAction) {
				values = append(values, RoleAuditAction)
			}
			return values
		})
	}, func(app core.App) error {
		return changeAuditActions(app, func(values []string) []string {
			return slices.DeleteFunc(values, func(v string) bool { return v == RoleAuditAction })
		})
	})
}
