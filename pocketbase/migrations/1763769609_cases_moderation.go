package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ModerationReasonMax bounds the reasons a moderator gives for hiding or removing a case
// and for blocking an account.
const ModerationReasonMax = 1000

// Read rules with moderation: a case is public only while it is published and its author
// is not blocked; anyone else but the author (and superusers, who bypass rules) gets 404.
// users.blocked is Hidden, which API rules may still use: PocketBase resolves collection
// rules with allowHiddenFields (core/record_field_resolver.go, apis/record_crud.go).
// The images rule keeps the protectedFile clause of 1763769603_images.go.
const (
	moderatedCasesReadRule  = `(status = "published" && author.blocked = false) || (@request.auth.id != "" && author = @request.auth.id)`
	moderatedSeriesReadRule = `(case.status = "published" && case.author.blocked = false) || (@request.auth.id != "" && case.author = @request.auth.id)`
	moderatedImagesReadRule = `((series.case.status = "published" && series.case.author.blocked = false) || (@request.auth.id != "" && series.case.author = @request.auth.id)) && ` +
		`(@request.context != "protectedFile" || (@request.auth.id != "" && series.case.author = @request.auth.id) || ` +
		`(@request.auth.role = "researcher" && series.case.research_consent = true))`
)

// Help texts the dashboard shows under each field a moderator uses.
const (
	statusHelp           = "draft: being uploaded; published: public; hidden: by the author, or by a moderator (with a reason; the author may edit and ask for review); removed: by a moderator, frozen. Setting hidden or removed needs a moderation reason; setting published again restores the case."
	moderationReasonHelp = "Required when hiding or removing: the author sees it (email and My cases). Cleared when the case is restored."
	moderatedAtHelp      = "Set by the server when a moderator hides, removes or restores the case."
	reviewRequestedHelp  = "The author edited a case hidden by a moderator and asks for it to be published again."
	blockedHelp          = "A blocked account cannot create or edit cases, series, images or reports, and its published cases stop being public."
	blockedReasonHelp    = "Required when blocking: why the account is blocked (kept in the audit log)."
)

var (
	caseModerationFields = []string{"moderation_reason", "moderated_at", "review_requested"}
	userModerationFields = []string{"blocked", "blocked_reason"}
)

func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		// Hidden: other users never see who is blocked, and only superusers set it
		// (hooks/users_blocked.go).
		users.Fields.Add(
			&core.BoolField{Name: "blocked", Hidden: true, Help: blockedHelp},
			&core.TextField{Name: "blocked_reason", Hidden: true, Max: ModerationReasonMax, Help: blockedReasonHelp},
		)
		if err := app.Save(users); err != nil {
			return err
		}

		cases, err := app.FindCollectionByNameOrId("cases")
		if err != nil {
			return err
		}
		cases.Fields.GetByName("status").(*core.SelectField).Help = statusHelp
		cases.Fields.Add(
			&core.TextField{Name: "moderation_reason", Max: ModerationReasonMax, Help: moderationReasonHelp},
			&core.DateField{Name: "moderated_at", Help: moderatedAtHelp},
			&core.BoolField{Name: "review_requested", Help: reviewRequestedHelp},
		)
		cases.ListRule = types.Pointer(moderatedCasesReadRule)
		cases.ViewRule = types.Pointer(moderatedCasesReadRule)
		if err := app.Save(cases); err != nil {
			return err
		}
		return setReadRules(app, moderatedSeriesReadRule, moderatedImagesReadRule)
	}, func(app core.App) error {
		cases, err := app.FindCollectionByNameOrId("cases")
		if err != nil {
			return err
		}
		for _, name := range caseModerationFields {
			cases.Fields.RemoveByName(name)
		}
		cases.Fields.GetByName("status").(*core.SelectField).Help = ""
		cases.ListRule = types.Pointer(casesReadRule)
		cases.ViewRule = types.Pointer(casesReadRule)
		if err := app.Save(cases); err != nil {
			return err
		}
		if err := setReadRules(app, seriesReadRule, imagesReadRule); err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		for _, name := range userModerationFields {
			users.Fields.RemoveByName(name)
		}
		return app.Save(users)
	})
}

// setReadRules sets the list and view rules of series and images.
func setReadRules(app core.App, seriesRule, imagesRule string) error {
	for name, rule := range map[string]string{"series": seriesRule, "images": imagesRule} {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		col.ListRule = types.Pointer(rule)
		col.ViewRule = types.Pointer(rule)
		if err := app.Save(col); err != nil {
			return err
		}
	}
	return nil
}
