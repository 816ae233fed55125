package hooks_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/mails"

	tv "cassette/pocketbase/internal/testenv"
)

func TestUsersMailInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	type sent struct{ subject, html, text string }
	send := func(t *testing.T, language, kind string) sent {
		app := fx.NewApp(t)
		defer app.Cleanup()
		app.Settings().Meta.AppURL = "https://cassette.example/"
		user, err := app.FindRecordById("users", tv.UnverifiedID)
		if err != nil {
			t.Fatal(err)
		}
		user.Set("language", language)
		if err := app.Save(user); err != nil {
			t.Fatal(err)
		}
		switch kind {
		case "verification":
			err = mails.SendRecordVerification(app, user)
		case "reset":
			err = mails.SendRecordPasswordReset(app, user)
		case "email-change":
			err = mails.SendRecordChangeEmail(app, user, "new@cassette.test")
		}
		if err != nil {
			t.Fatal(err)
		}
		if app.TestMailer.TotalSend() != 1 {
			t.Fatalf("sent %d emails, want 1", app.TestMailer.TotalSend())
		}
		m := app.TestMailer.LastMessage()
		return sent{m.Subject, m.HTML, m.Text}
	}

	for _, c := range []struct {
		language, kind, subject, phrase, route string
	}{
		{"es", "verification", "Verifica tu correo en Cassette", "Gracias por unirte a Cassette", "https://cassette.example/verify/"},
		{"en", "verification", "Verify your Cassette email", "Thank you for joining Cassette", "https://cassette.example/verify/"},
		{"", "verification", "Verify your Cassette email", "Thank you for joining Cassette", "https://cassette.example/verify/"},
		{"es", "reset", "Restablece tu contraseña de Cassette", "elegir una nueva", "https://cassette.example/reset/"},
		{"en", "reset", "Reset your Cassette password", "choose a new one", "https://cassette.example/reset/"},
		{"es", "email-change", "Confirma tu nuevo correo en Cassette", "nuevo correo", "https://cassette.example/confirm-email/"},
		{"en", "email-change", "Confirm your new Cassette email", "new email", "https://cassette.example/confirm-email/"},
	} {
		t.Run(c.kind+" in "+c.language, func(t *testing.T) {
			got := send(t, c.language, c.kind)
			if got.subject != c.subject {
				t.Errorf("subject = %q, want %q", got.subject, c.subject)
			}
			for _, body := range []string{got.html, got.text} {
				if !strings.Contains(body, c.phrase) {
					t.Errorf("body lacks %q:\n%s", c.phrase, body)
				}
				// a JWT follows the route: header.payload.signature
				i := strings.Index(body, c.route)
				if i < 0 {
					t.Fatalf("body lacks a link to %s:\n%s", c.route, body)
				}
				token := strings.FieldsFunc(body[i+len(c.route):], func(r rune) bool { return r == '"' || r == '<' || r == '\n' })[0]
				if strings.Count(token, ".") != 2 {
					t.Errorf("link token %q is not a JWT", token)
				}
			}
		})
	}
}
