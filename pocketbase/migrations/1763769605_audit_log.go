package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// AuditActions are the events hooks/audit_log.go records.
var AuditActions = []string{"case.create", "case.update", "case.delete", "user.delete"}

func init() {
	m.Register(func(app core.App) error {
		// All rules stay nil: only superusers read the log, and only the
		// server writes it. Actor and target are plain ids, not relations,
		// so entries survive the deletion of what they describe.
		audit := core.NewBaseCollection("audit_log")
		audit.Fields.Add(
			&core.TextField{Name: "actor", Max: 64},
			&core.TextField{Name: "actor_collection", Max: 64},
			&core.SelectField{Name: "action", Required: true, Values: AuditActions, MaxSelect: 1},
			&core.TextField{Name: "target", Required: true, Max: 64},
			&core.JSONField{Name: "details", MaxSize: 64 << 10},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		audit.AddIndex("idx_audit_log_target", false, "`target`", "")
		audit.AddIndex("idx_audit_log_created", false, "`created`", "")

		return app.Save(audit)
	}, func(app core.App) error {
		audit, err := app.FindCollectionByNameOrId("audit_log")
		if err != nil {
			return err
		}
		return app.Delete(audit)
	})
}
