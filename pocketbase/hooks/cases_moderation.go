package hooks

import (
	"strings"

	"github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Messages of the case moderation rules.
const (
	ModerationReasonRequiredMessage = "Give a moderation reason when hiding or removing a case: the author sees it."
	ModerationFieldsMessage         = "Only moderators set a case's moderation reason and date."
	HiddenByModeratorsMessage       = "The moderators hid this case: edit it and ask for a review from My cases instead of publishing it yourself."
	ReviewOnlyWhenHiddenMessage     = "Only a case hidden by the moderators can be sent for review."
)

func registerCasesModeration(app core.App) {
	app.OnRecordCreateRequest("cases").BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() && (e.Record.GetString("moderation_reason") != "" ||
			!e.Record.GetDateTime("moderated_at").IsZero() || e.Record.GetBool("review_requested")) {
			return e.ForbiddenError(ModerationFieldsMessage, nil)
		}
		return e.Next()
	})
	app.OnRecordUpdateRequest("cases").BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() {
			if err := authorEditProblem(e); err != nil {
				return err
			}
			return e.Next()
		}
		return moderateCase(e)
	})
}

// hiddenByModerators is true for a case a moderator hid (the author hides without a reason).
func hiddenByModerators(c *core.Record) bool {
	return c.GetString("status") == "hidden" && c.GetString("moderation_reason") != ""
}

// authorEditProblem refuses what only moderators decide: the moderation fields, and
// publishing again a case they hid (the author asks for a review instead).
func authorEditProblem(e *core.RecordRequestEvent) error {
	c, old := e.Record, e.Record.Original()
	if c.GetString("moderation_reason") != old.GetString("moderation_reason") ||
		!c.GetDateTime("moderated_at").Equal(old.GetDateTime("moderated_at")) {
		return e.ForbiddenError(ModerationFieldsMessage, nil)
	}
	if hiddenByModerators(old) && c.GetString("status") != old.GetString("status") {
		return e.ForbiddenError(HiddenByModeratorsMessage, nil)
	}
	if c.GetBool("review_requested") && !old.GetBool("review_requested") && !hiddenByModerators(old) {
		return apis.NewBadRequestError(ReviewOnlyWhenHiddenMessage, validation.Errors{
			"review_requested": validation.NewError("case_review_not_hidden", ReviewOnlyWhenHiddenMessage),
		})
	}
	return nil
}

// moderationOf tells which moderation a superuser's edit of c is, if any: a move to hidden
// or removed, a reason given to a case its author had hidden, or publishing again a case
// moderators had hidden or removed.
func moderationOf(c *core.Record) (moderationAction, bool) {
	old := c.Original()
	from, to := old.GetString("status"), c.GetString("status")
	switch {
	case to == "published" && (from == "removed" || hiddenByModerators(old)):
		return moderationRestored, true
	case to == "removed" && from != "removed":
		return moderationRemoved, true
	case to == "hidden" && (from != "hidden" || (old.GetString("moderation_reason") == "" && c.GetString("moderation_reason") != "")):
		return moderationHidden, true
	}
	return "", false
}

// moderateCase stamps a superuser's moderation of a case and, once it is saved, resolves the
// case's open reports, tells the author and writes the audit entry. A failure after the
// save is logged (and the mail's in the audit entry), never returned: the moderation stands.
func moderateCase(e *core.RecordRequestEvent) error {
	action, ok := moderationOf(e.Record)
	if !ok {
		return e.Next()
	}
	c := e.Record
	reason := strings.TrimSpace(c.GetString("moderation_reason"))
	if action == moderationRestored {
		// the author is told what the case had been hidden or removed for
		reason = c.Original().GetString("moderation_reason")
		c.Set("moderation_reason", "")
	} else if reason == "" {
		return apis.NewBadRequestError(ModerationReasonRequiredMessage, validation.Errors{
			"moderation_reason": validation.NewError("case_moderation_reason_required", ModerationReasonRequiredMessage),
		})
	}
	c.Set("moderation_reason", strings.TrimSpace(c.GetString("moderation_reason")))
	c.Set("moderated_at", types.NowDateTime())
	c.Set("review_requested", false)
	if err := e.Next(); err != nil {
		return err
	}

	details := map[string]any{"reason": reason, "author": c.GetString("author"), "status": c.GetString("status")}
	if action != moderationRestored {
		resolved, err := resolveOpenReports(e.App, e.Auth, c.Id, "case."+string(action), reason)
		if err != nil {
			e.App.Logger().Error("moderation: resolving reports failed", "case", c.Id, "error", err)
		}
		details["resolved_reports"] = resolved
	}
	if err := sendModerationMail(e.App, action, c, reason); err != nil {
		e.App.Logger().Error("moderation: author email failed", "case", c.Id, "action", action, "error", err)
		details["mail_error"] = err.Error()
	} else {
		details["mail"] = "sent"
	}
	if err := writeAuditEntry(e.App, "case."+string(action), e.Auth, c.Id, details); err != nil {
		e.App.Logger().Error("audit_log write failed", "action", "case."+string(action), "target", c.Id, "error", err)
	}
	return nil
}

// resolveOpenReports marks the open reports of caseID resolved with reason, each with its
// own audit entry, and returns their ids.
func resolveOpenReports(app core.App, actor *core.Record, caseID, via, reason string) ([]string, error) {
	reports, err := app.FindRecordsByFilter("reports", "case = {:case} && status = 'open'", "created", 0, 0, map[string]any{"case": caseID})
	if err != nil {
		return nil, err
	}
	ids := []string{}
	for _, r := range reports {
		r.Set("status", "resolved")
		r.Set("resolution", reason)
		if err := app.Save(r); err != nil {
			return ids, err
		}
		ids = append(ids, r.Id)
		if err := writeAuditEntry(app, "report.resolved", actor, r.Id, map[string]any{"reason": reason, "case": caseID, "via": via}); err != nil {
			app.Logger().Error("audit_log write failed", "action", "report.resolved", "target", r.Id, "error", err)
		}
	}
	return ids, nil
}
