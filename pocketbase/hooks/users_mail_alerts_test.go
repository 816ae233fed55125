package hooks_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/mails"

	tv "cassette/pocketbase/internal/testenv"
)

// PocketBase's own sign-in alert and one-time-code emails come out in the account's language,
// signed with the app's name instead of PocketBase's default "Support", and the device line of
// the alert is escaped once (it is browser-supplied text).
func TestUsersMailAlertsInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	for _, c := range []struct {
		language, kind, subject, phrase, detail string
	}{
		{"es", "alert", "Nuevo inicio de sesión en tu cuenta de Cassette", "cambia ahora tu contraseña", "Firefox &lt;b&gt; 127.0.0.1"},
		{"en", "alert", "New sign-in to your Cassette account", "change your password now", "Firefox &lt;b&gt; 127.0.0.1"},
		{"es", "otp", "Tu código para entrar en Cassette", "código de un solo uso", "428193"},
		{"", "otp", "Your Cassette sign-in code", "one-time code", "428193"},
	} {
		t.Run(c.kind+" in "+c.language, func(t *testing.T) {
			app := fx.NewApp(t)
			defer app.Cleanup()
			app.Settings().Meta.SenderName = "Support" // a fresh install's default
			user, err := app.FindRecordById("users", tv.UnverifiedID)
			if err != nil {
				t.Fatal(err)
			}
			user.Set("language", c.language)
			if err := app.Save(user); err != nil {
				t.Fatal(err)
			}
			if c.kind == "alert" {
				err = mails.SendRecordAuthAlert(app, user, "Firefox <b> 127.0.0.1")
			} else {
				err = mails.SendRecordOTP(app, user, "otp-id", "428193")
			}
			if err != nil {
				t.Fatal(err)
			}
			m := app.TestMailer.LastMessage()
			if m.Subject != c.subject {
				t.Errorf("subject = %q, want %q", m.Subject, c.subject)
			}
			if m.From.Name != "Cassette" {
				t.Errorf("from = %q, want the app's name", m.From.Name)
			}
			if !strings.Contains(m.HTML, c.phrase) || !strings.Contains(m.Text, c.phrase) {
				t.Errorf("body lacks %q:\n%s", c.phrase, m.Text)
			}
			if !strings.Contains(m.HTML, c.detail) {
				t.Errorf("HTML lacks %q (escaped once):\n%s", c.detail, m.HTML)
			}
			if strings.Contains(m.HTML, "&amp;lt;") || strings.Contains(m.HTML, "<b>") {
				t.Errorf("device line escaped twice or not at all:\n%s", m.HTML)
			}
		})
	}
}
