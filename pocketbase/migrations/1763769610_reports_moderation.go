package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ReportsRateLimit slows report spam from one address: ten reports in ten minutes are
// plenty for a reader, and a flood of reports would bury the moderation queue.
var ReportsRateLimit = core.RateLimitRule{Label: "reports:create", MaxRequests: 10, Duration: 600}

// A report is only filed on a case a guest could read (published, author not blocked).
// A draft, hidden or removed case fails the rule exactly like an unknown id (the rule runs
// before any validation in apis/record_crud.go), so a report never tells that a case
// exists. The blocked and unverified refusals with a message are in hooks/reports_create.go.
const moderatedReportsCreateRule = `@request.auth.id != "" && @request.auth.verified = true && @request.auth.blocked = false && ` +
	`@request.body.reporter = @request.auth.id && ` +
	`@request.body.case.status = "published" && @request.body.case.author.blocked = false && ` +
	`(@request.body.status:isset = false || @request.body.status = "open") && @request.body.resolution:isset = false`

// Help texts of the reports fields a moderator edits on the dashboard.
const (
	reportStatusHelp     = "open: waiting for a moderator. Set resolved (the case was acted on) or dismissed (nothing to do), with a resolution. Hiding or removing the case resolves its open reports."
	reportResolutionHelp = "Required when resolving or dismissing: what was done and why (kept in the audit log)."
)

// openReportIndex backs hooks/reports_create.go's duplicate check against two
// simultaneous requests; reports whose reporter deleted the account do not count.
const openReportIndex = "idx_reports_open_case_reporter"

func init() {
	m.Register(func(app core.App) error {
		reports, err := app.FindCollectionByNameOrId("reports")
		if err != nil {
			return err
		}
		reports.CreateRule = types.Pointer(moderatedReportsCreateRule)
		reports.Fields.GetByName("status").(*core.SelectField).Help = reportStatusHelp
		reports.Fields.GetByName("resolution").(*core.TextField).Help = reportResolutionHelp
		reports.AddIndex(openReportIndex, true, "`case`, `reporter`", "`status` = 'open' AND `reporter` != ''")
		if err := app.Save(reports); err != nil {
			return err
		}

		settings := app.Settings()
		if !slices.ContainsFunc(settings.RateLimits.Rules, func(r core.RateLimitRule) bool { return r.Label == ReportsRateLimit.Label }) {
			settings.RateLimits.Rules = append(settings.RateLimits.Rules, ReportsRateLimit)
		}
		return app.Save(settings)
	}, func(app core.App) error {
		reports, err := app.FindCollectionByNameOrId("reports")
		if err != nil {
			return err
		}
		reports.CreateRule = types.Pointer(reportsCreateRule)
		reports.Fields.GetByName("status").(*core.SelectField).Help = ""
		reports.Fields.GetByName("resolution").(*core.TextField).Help = ""
		reports.RemoveIndex(openReportIndex)
		if err := app.Save(reports); err != nil {
			return err
		}
		settings := app.Settings()
		settings.RateLimits.Rules = slices.DeleteFunc(settings.RateLimits.Rules, func(r core.RateLimitRule) bool { return r.Label == ReportsRateLimit.Label })
		return app.Save(settings)
	})
}
