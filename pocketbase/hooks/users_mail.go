package hooks

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

func registerUsersMail(app core.App) {
	app.OnMailerRecordVerificationSend("users").BindFunc(localizeMail(mailVerification))
	app.OnMailerRecordPasswordResetSend("users").BindFunc(localizeMail(mailPasswordReset))
	app.OnMailerRecordEmailChangeSend("users").BindFunc(localizeMail(mailEmailChange))
	registerUsersMailAlerts(app)
	registerUsersMailFailure(app)
}

// localizeMail rewrites the subject and body of an account email in the
// recipient's language, with the link pointing at the SPA route for kind.
func localizeMail(kind mailKind) func(e *core.MailerRecordEvent) error {
	return func(e *core.MailerRecordEvent) error {
		token, _ := e.Meta["token"].(string)
		if token == "" {
			return e.Next()
		}
		meta := e.App.Settings().Meta
		mail, err := composeMail(kind, e.Record.GetString("language"), meta.AppName, meta.AppURL, token)
		if err != nil {
			return err
		}
		e.Message.Subject = mail.Subject
		e.Message.HTML = mail.HTML
		e.Message.Text = mail.Text
		useAppSender(e)
		return e.Next()
	}
}

// composedMail is a ready-to-send email.
type composedMail struct {
	Subject string
	HTML    string
	Text    string
}

var mailTemplate = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36em">
<p>{{.Greeting}}</p>
<p>{{.Intro}}</p>
<p><a href="{{.Link}}" style="display: inline-block; padding: 0.6em 1.2em; background: #1f4e79; color: #fff; text-decoration: none; border-radius: 4px">{{.Action}}</a></p>
<p style="word-break: break-all"><a href="{{.Link}}">{{.Link}}</a></p>
<p><i>{{.Ignore}}</i></p>
<p>{{.Thanks}}<br>{{.AppName}}</p>
</body></html>`))

// composeMail builds the email of kind in lang (English when lang is not
// one Cassette speaks). The token is path-escaped into the link.
func composeMail(kind mailKind, lang, appName, appURL, token string) (composedMail, error) {
	texts, ok := mailTexts[lang]
	if !ok {
		lang = fallbackLanguage
		texts = mailTexts[lang]
	}
	text, ok := texts[kind]
	if !ok {
		return composedMail{}, fmt.Errorf("no %q email text for language %q", kind, lang)
	}
	link := strings.TrimRight(appURL, "/") + mailRoutes[kind] + url.PathEscape(token)

	data := struct {
		mailText
		Lang, Subject, Intro, Link, AppName string
	}{
		mailText: text,
		Lang:     lang,
		Subject:  fmt.Sprintf(text.Subject, appName),
		Intro:    fmt.Sprintf(text.Intro, appName),
		Link:     link,
		AppName:  appName,
	}
	var html bytes.Buffer
	if err := mailTemplate.Execute(&html, data); err != nil {
		return composedMail{}, fmt.Errorf("render %q email: %w", kind, err)
	}
	plain := strings.Join([]string{text.Greeting, "", data.Intro, "", text.Action + ": " + link, "", text.Ignore, "", text.Thanks, appName}, "\n")
	return composedMail{Subject: data.Subject, HTML: html.String(), Text: plain}, nil
}
