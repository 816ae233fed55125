package hooks

import (
	"strings"

	"github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Messages of account blocking.
const (
	BlockedMessage               = "Your account has been blocked by the moderators: you cannot publish, edit or report cases."
	BlockedReasonRequiredMessage = "Give a reason when blocking an account (it is kept in the audit log)."
)

// blockedWrites are the collections a blocked account may no longer create or edit records in.
var blockedWrites = []string{"cases", "series", "images", "reports"}

// registerUsersBlocked refuses writes by blocked accounts and records every block and
// unblock. users.blocked and blocked_reason are Hidden, so PocketBase ignores them when
// anyone but a superuser submits them (forms/record_upsert.go restores hidden fields):
// only superusers block.
func registerUsersBlocked(app core.App) {
	// hooks/uploads_auth_first.go refuses a blocked account's API writes before the body is
	// read; these cover what does not pass through router middlewares (batch requests) and
	// the collections' update rules, which let a blocked author reach the hook.
	for _, collection := range blockedWrites {
		app.OnRecordCreateRequest(collection).BindFunc(refuseBlockedRecordWrite)
		app.OnRecordUpdateRequest(collection).BindFunc(refuseBlockedRecordWrite)
	}
	app.OnRecordUpdateRequest("users").BindFunc(auditBlocking)
}

func isBlocked(auth *core.Record) bool {
	return auth != nil && !auth.IsSuperuser() && auth.GetBool("blocked")
}

func refuseBlockedRecordWrite(e *core.RecordRequestEvent) error {
	if isBlocked(e.Auth) {
		return e.ForbiddenError(BlockedMessage, nil)
	}
	return e.Next()
}

// auditBlocking requires a reason to block, clears it on unblock, and records both with
// the author's published cases that stop (or start again) being public.
func auditBlocking(e *core.RecordRequestEvent) error {
	u, old := e.Record, e.Record.Original()
	blocking, unblocking := u.GetBool("blocked") && !old.GetBool("blocked"), !u.GetBool("blocked") && old.GetBool("blocked")
	if !e.HasSuperuserAuth() || (!blocking && !unblocking) {
		return e.Next()
	}
	reason := strings.TrimSpace(u.GetString("blocked_reason"))
	if blocking && reason == "" {
		return apis.NewBadRequestError(BlockedReasonRequiredMessage, validation.Errors{
			"blocked_reason": validation.NewError("user_blocked_reason_required", BlockedReasonRequiredMessage),
		})
	}
	action := "user.blocked"
	if unblocking {
		action = "user.unblocked"
		if reason == old.GetString("blocked_reason") {
			reason = "" // the old reason is kept as previous_reason, not as the reason to lift it
		}
		u.Set("blocked_reason", "")
	}
	u.Set("blocked_reason", strings.TrimSpace(u.GetString("blocked_reason")))
	if err := e.Next(); err != nil {
		return err
	}

	details := map[string]any{"reason": reason, "username": u.GetString("username")}
	if unblocking {
		details["previous_reason"] = old.GetString("blocked_reason")
	}
	published, err := e.App.FindRecordsByFilter("cases", "author = {:u} && status = 'published'", "created", 0, 0, map[string]any{"u": u.Id})
	if err != nil {
		e.App.Logger().Error("moderation: listing published cases failed", "user", u.Id, "error", err)
	}
	ids := []string{}
	for _, c := range published {
		ids = append(ids, c.Id)
	}
	// the cases rules hide a blocked author's published cases; the entry says which
	key := "cases_no_longer_public"
	if unblocking {
		key = "cases_public_again"
	}
	details[key] = ids
	if err := writeAuditEntry(e.App, action, e.Auth, u.Id, details); err != nil {
		e.App.Logger().Error("audit_log write failed", "action", action, "target", u.Id, "error", err)
	}
	return nil
}
