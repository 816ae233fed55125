package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// UploadAuditActions are the audit_log actions of hooks/uploads_audit.go: one entry per
// uploaded preview, header image or DICOM file, accepted or refused.
var UploadAuditActions = []string{"upload_accepted", "upload_rejected"}

func init() {
	m.Register(func(app core.App) error {
		return changeAuditActions(app, func(values []string) []string {
			for _, a := range UploadAuditActions {
				if !slices.Contains(values, a) {
					values = append(values, a)
				}
			}
			return values
		})
	}, func(app core.App) error {
		return changeAuditActions(app, func(values []string) []string {
			return slices.DeleteFunc(values, func(v string) bool { return slices.Contains(UploadAuditActions, v) })
		})
	})
}

// changeAuditActions rewrites the values of audit_log.action.
func changeAuditActions(app core.App, change func([]string) []string) error {
	audit, err := app.FindCollectionByNameOrId("audit_log")
	if err != nil {
		return err
	}
	action := audit.Fields.GetByName("action").(*core.SelectField)
	action.Values = change(slices.Clone(action.Values))
	return app.Save(audit)
}
