package hooks

import (
	"strings"

	"github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// ResolutionRequiredMessage answers a report closed without saying why.
const ResolutionRequiredMessage = "Give a resolution when resolving or dismissing a report (it is kept in the audit log)."

// registerReportsModeration audits a superuser closing a report on the dashboard (only
// superusers may update reports: the collection has no update rule).
func registerReportsModeration(app core.App) {
	app.OnRecordUpdateRequest("reports").BindFunc(func(e *core.RecordRequestEvent) error {
		status := e.Record.GetString("status")
		if status == e.Record.Original().GetString("status") || (status != "resolved" && status != "dismissed") {
			return e.Next()
		}
		resolution := strings.TrimSpace(e.Record.GetString("resolution"))
		if resolution == "" {
			return apis.NewBadRequestError(ResolutionRequiredMessage, validation.Errors{
				"resolution": validation.NewError("report_resolution_required", ResolutionRequiredMessage),
			})
		}
		e.Record.Set("resolution", resolution)
		if err := e.Next(); err != nil {
			return err
		}
		action := "report." + status
		details := map[string]any{"reason": resolution, "case": e.Record.GetString("case")}
		if err := writeAuditEntry(e.App, action, e.Auth, e.Record.Id, details); err != nil {
			e.App.Logger().Error("audit_log write failed", "action", action, "target", e.Record.Id, "error", err)
		}
		return nil
	})
}
