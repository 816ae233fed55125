package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ReportReasons are why a reader flags a case for moderation.
var ReportReasons = []string{"phi", "inaccurate", "inappropriate", "copyright", "other"}

// ReportStatuses track moderation; only superusers move a report past "open".
var ReportStatuses = []string{"open", "resolved", "dismissed"}

// Any verified user files a report as themselves; reading and moderating
// reports is for superusers only (nil list/view/update/delete rules).
const reportsCreateRule = `@request.auth.id != "" && @request.auth.verified = true && ` +
	`@request.body.reporter = @request.auth.id && ` +
	`(@request.body.status:isset = false || @request.body.status = "open") && @request.body.resolution:isset = false`

func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		cases, err := app.FindCollectionByNameOrId("cases")
		if err != nil {
			return err
		}

		reports := core.NewBaseCollection("reports")
		reports.CreateRule = types.Pointer(reportsCreateRule)

		reports.Fields.Add(
			&core.RelationField{Name: "case", CollectionId: cases.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			// a report outlives its reporter's account
			&core.RelationField{Name: "reporter", CollectionId: users.Id, MaxSelect: 1},
			&core.SelectField{Name: "reason", Required: true, Values: ReportReasons, MaxSelect: 1},
			&core.TextField{Name: "details", Max: 2000},
			&core.SelectField{Name: "status", Values: ReportStatuses, MaxSelect: 1},
			&core.TextField{Name: "resolution", Max: 2000},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		reports.AddIndex("idx_reports_status_created", false, "`status`, `created`", "")

		return app.Save(reports)
	}, func(app core.App) error {
		reports, err := app.FindCollectionByNameOrId("reports")
		if err != nil {
			return err
		}
		return app.Delete(reports)
	})
}
