package hooks

import (
	"bytes"
	"fmt"
	"html/template"
	"net/mail"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

var moderationMailTemplate = template.Must(template.New("moderation").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36em">
<p>{{.Greeting}}</p>
<p>{{.Intro}}</p>
{{if .Reason}}<p><b>{{.ReasonLabel}}:</b> {{.Reason}}</p>{{end}}
<p>{{.Next}}</p>
<p><a href="{{.Link}}" style="display: inline-block; padding: 0.6em 1.2em; background: #1f4e79; color: #fff; text-decoration: none; border-radius: 4px">{{.Action}}</a></p>
<p style="word-break: break-all"><a href="{{.Link}}">{{.Link}}</a></p>
<p>{{.Contact}}</p>
<p>{{.Thanks}}<br>{{.AppName}}</p>
</body></html>`))

// moderationMail is what composeModerationMail needs to know.
type moderationMail struct {
	Action                        moderationAction
	Lang, Title, Reason           string
	AppName, AppURL, AdminAddress string
}

// composeModerationMail writes the email telling an author what a moderator did to
// their case, in their language (Spanish when they chose none or an unknown one).
func composeModerationMail(m moderationMail) (composedMail, error) {
	texts, ok := moderationTexts[m.Lang]
	if !ok {
		m.Lang = moderationLanguage
		texts = moderationTexts[m.Lang]
	}
	text, ok := texts[m.Action]
	if !ok {
		return composedMail{}, fmt.Errorf("no %q moderation email", m.Action)
	}
	data := struct {
		moderationText
		Lang, Greeting, Thanks, Reason, Link, AppName string
	}{
		moderationText: text,
		Lang:           m.Lang,
		Greeting:       moderationGreeting[m.Lang],
		Thanks:         moderationThanks[m.Lang],
		Reason:         m.Reason,
		Link:           strings.TrimRight(m.AppURL, "/") + moderationRoute,
		AppName:        m.AppName,
	}
	data.Subject = fmt.Sprintf(text.Subject, m.Title)
	data.Intro = fmt.Sprintf(text.Intro, m.Title)
	data.Contact = fmt.Sprintf(text.Contact, m.AdminAddress)
	var html bytes.Buffer
	if err := moderationMailTemplate.Execute(&html, data); err != nil {
		return composedMail{}, fmt.Errorf("render %q moderation email: %w", m.Action, err)
	}
	lines := []string{data.Greeting, "", data.Intro}
	if m.Reason != "" {
		lines = append(lines, "", text.ReasonLabel+": "+m.Reason)
	}
	lines = append(lines, "", text.Next, "", text.Action+": "+data.Link, "", data.Contact, "", data.Thanks, m.AppName)
	return composedMail{Subject: data.Subject, HTML: html.String(), Text: strings.Join(lines, "\n")}, nil
}

// sendModerationMail emails the author of c about action, with the moderator's reason.
func sendModerationMail(app core.App, action moderationAction, c *core.Record, reason string) error {
	author, err := app.FindRecordById("users", c.GetString("author"))
	if err != nil {
		return fmt.Errorf("author of %s: %w", c.Id, err)
	}
	meta := app.Settings().Meta
	composed, err := composeModerationMail(moderationMail{
		Action: action, Lang: author.GetString("language"), Title: c.GetString("title"), Reason: reason,
		AppName: meta.AppName, AppURL: meta.AppURL, AdminAddress: meta.SenderAddress,
	})
	if err != nil {
		return err
	}
	return app.NewMailClient().Send(&mailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      []mail.Address{{Address: author.Email()}},
		Subject: composed.Subject,
		HTML:    composed.HTML,
		Text:    composed.Text,
	})
}
