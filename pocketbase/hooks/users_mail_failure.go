package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// verificationMailFailedField is the hidden users date field set when a
// verification email could not be sent and cleared when one was
// (migrations/1763769621_users_verification_mail_failed.go).
const verificationMailFailedField = "verification_mail_failed"

// registerUsersMailFailure lets a user learn that their verification email
// did not go out. The request-verification endpoint answers 204 before
// sending (apis/record_auth_verification_request.go sends in the
// background, against account enumeration), so the outcome is kept on the
// account and shown to the account itself only.
func registerUsersMailFailure(app core.App) {
	app.OnMailerRecordVerificationSend("users").BindFunc(func(e *core.MailerRecordEvent) error {
		sendErr := e.Next()
		if err := markVerificationMail(e.App, e.Record.Id, sendErr == nil); err != nil {
			e.App.Logger().Error("Could not record the verification email outcome", "user", e.Record.Id, "error", err)
		}
		return sendErr
	})

	app.OnRecordEnrich("users").BindFunc(func(e *core.RecordEnrichEvent) error {
		if auth := e.RequestInfo.Auth; auth != nil && auth.Id == e.Record.Id && auth.Collection().Id == e.Record.Collection().Id {
			e.Record.Unhide(verificationMailFailedField)
		}
		return e.Next()
	})
}

// markVerificationMail stores the outcome on a fresh copy of the user, so
// that changes made while the email was being sent are not overwritten.
func markVerificationMail(app core.App, userID string, sent bool) error {
	user, err := app.FindRecordById("users", userID)
	if err != nil {
		return err
	}
	failed := !user.GetDateTime(verificationMailFailedField).IsZero()
	switch {
	case !sent:
		user.Set(verificationMailFailedField, types.NowDateTime())
	case failed:
		user.Set(verificationMailFailedField, "")
	default:
		return nil
	}
	return app.Save(user)
}
