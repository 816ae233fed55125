package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// ModerationAuditActions are the audit_log actions of a moderator's dashboard edits
// (hooks/cases_moderation.go, reports_moderation.go, users_blocked.go); each entry has the
// superuser as actor and the reason in details.reason.
var ModerationAuditActions = []string{
	"case.hidden", "case.removed", "case.restored",
	"report.resolved", "report.dismissed",
	"user.blocked", "user.unblocked",
}

func init() {
	m.Register(func(app core.App) error {
		return changeAuditActions(app, func(values []string) []string {
			for _, a := range ModerationAuditActions {
				if !slices.Contains(values, a) {
					values = append(values, a)
				}
			}
			return values
		})
	}, func(app core.App) error {
		return changeAuditActions(app, func(values []string) []string {
			return slices.DeleteFunc(values, func(v string) bool { return slices.Contains(ModerationAuditActions, v) })
		})
	})
}
