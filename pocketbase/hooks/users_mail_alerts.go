package hooks

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// pocketBaseSenderName is the sender name a new PocketBase install starts with
// (core/settings_model.go); mail from Cassette is signed with the app's name instead.
const pocketBaseSenderName = "Support"

// registerUsersMailAlerts localises the two account emails PocketBase writes from its own
// English templates: the sign-in from a new location alert and the one-time code
// (mails/record.go, SendRecordAuthAlert and SendRecordOTP).
func registerUsersMailAlerts(app core.App) {
	app.OnMailerRecordAuthAlertSend("users").BindFunc(func(e *core.MailerRecordEvent) error {
		// PocketBase escaped the device and address line for its HTML template; ours escapes it again
		info, _ := e.Meta["info"].(string)
		return sendAlert(e, alertAuth, html.UnescapeString(info))
	})
	app.OnMailerRecordOTPSend("users").BindFunc(func(e *core.MailerRecordEvent) error {
		code, _ := e.Meta["password"].(string)
		return sendAlert(e, alertOTP, code)
	})
}

// useAppSender signs an email with the app's name while the sender name is still PocketBase's default.
func useAppSender(e *core.MailerRecordEvent) {
	if name := e.App.Settings().Meta.AppName; name != "" && (e.Message.From.Name == "" || e.Message.From.Name == pocketBaseSenderName) {
		e.Message.From.Name = name
	}
}

func sendAlert(e *core.MailerRecordEvent, kind alertKind, detail string) error {
	useAppSender(e)
	mail, err := composeAlert(kind, e.Record.GetString("language"), e.App.Settings().Meta.AppName, detail)
	if err != nil {
		return err
	}
	e.Message.Subject = mail.Subject
	e.Message.HTML = mail.HTML
	e.Message.Text = mail.Text
	return e.Next()
}

var alertTemplate = template.Must(template.New("alert").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36em">
<p>{{.Greeting}}</p>
<p>{{.Intro}}</p>
<p style="font-size: 1.25em"><strong>{{.Detail}}</strong></p>
<p>{{.After}}</p>
<p>{{.Thanks}}<br>{{.AppName}}</p>
</body></html>`))

// composeAlert builds an alert email in lang (English when Cassette does not speak it).
func composeAlert(kind alertKind, lang, appName, detail string) (composedMail, error) {
	texts, ok := alertTexts[lang]
	if !ok {
		lang = fallbackLanguage
		texts = alertTexts[lang]
	}
	text, ok := texts[kind]
	if !ok {
		return composedMail{}, fmt.Errorf("no %q email text for language %q", kind, lang)
	}
	data := struct {
		alertText
		Lang, Subject, Intro, Detail, AppName string
	}{text, lang, fmt.Sprintf(text.Subject, appName), fmt.Sprintf(text.Intro, appName), detail, appName}
	var body bytes.Buffer
	if err := alertTemplate.Execute(&body, data); err != nil {
		return composedMail{}, fmt.Errorf("render %q email: %w", kind, err)
	}
	plain := strings.Join([]string{text.Greeting, "", data.Intro, "", detail, "", text.After, "", text.Thanks, appName}, "\n")
	return composedMail{Subject: data.Subject, HTML: body.String(), Text: plain}, nil
}
