package hooks

import (
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Messages of report creation.
const (
	DuplicateReportMessage = "You have already reported this case; moderators will review it."
)

func registerReportsCreate(app core.App) {
	// Model-level, so reports made on the dashboard start open too.
	app.OnRecordCreate("reports").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("status") == "" {
			e.Record.Set("status", "open")
		}
		return e.Next()
	})
	app.OnRecordCreateRequest("reports").BindFunc(refuseDuplicateReport)
}

// refuseDuplicateReport allows one open report per reporter and case. It runs after the
// create rule, so the case is one the reporter can read and the answer leaks nothing.
// The unique index of migrations/1763769610_reports_moderation.go settles a race.
func refuseDuplicateReport(e *core.RecordRequestEvent) error {
	reporter, caseID := e.Record.GetString("reporter"), e.Record.GetString("case")
	if reporter == "" || caseID == "" || (e.Record.GetString("status") != "" && e.Record.GetString("status") != "open") {
		return e.Next()
	}
	existing, err := e.App.CountRecords("reports", dbx.HashExp{"case": caseID, "reporter": reporter, "status": "open"})
	if err != nil {
		return e.InternalServerError("", err)
	}
	if existing > 0 {
		// the code lets the app say it in the reader's language
		return e.BadRequestError(DuplicateReportMessage, validation.Errors{"case": validation.NewError("report_already_open", DuplicateReportMessage)})
	}
	return e.Next()
}
