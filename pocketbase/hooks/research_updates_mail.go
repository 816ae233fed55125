package hooks

import (
	"bytes"
	"fmt"
	"html/template"
	"net/mail"
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

var researchUpdateTemplate = template.Must(template.New("research-update").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36em">
<p>{{.Greeting}}</p>
{{range .Paragraphs}}<p style="white-space: pre-line">{{.}}</p>
{{end}}<p>{{.Thanks}}<br>{{.AppName}}</p>
<hr style="border: none; border-top: 1px solid #ccc">
<p style="font-size: 0.9em; color: #555">{{.Why}}</p>
<p style="font-size: 0.9em"><a href="{{.UnsubscribeLink}}">{{.Unsubscribe}}</a> · {{.OptIn}}: <a href="{{.ProfileLink}}">{{.ProfileLink}}</a></p>
</body></html>`))

// researchUpdateMail is what composeResearchUpdate needs to know.
type researchUpdateMail struct {
	Lang, Subject, Body    string
	AppName, AppURL, Token string
}

// composeResearchUpdate writes one contributor's copy of an update: the admin's subject and
// body (plain text, HTML-escaped, a blank line between paragraphs) framed in the same
// language, with the contributor's unsubscribe link.
func composeResearchUpdate(m researchUpdateMail) composedMail {
	text, ok := researchUpdateTexts[m.Lang]
	if !ok {
		m.Lang = researchUpdateLanguage
		text = researchUpdateTexts[m.Lang]
	}
	base := strings.TrimRight(m.AppURL, "/")
	data := struct {
		researchUpdateText
		Lang, Subject, AppName, UnsubscribeLink, ProfileLink string
		Paragraphs                                           []string
	}{
		researchUpdateText: text,
		Lang:               m.Lang,
		Subject:            m.Subject,
		AppName:            m.AppName,
		UnsubscribeLink:    base + unsubscribeRoute + url.PathEscape(m.Token),
		ProfileLink:        base + profileRoute,
		Paragraphs:         paragraphs(m.Body),
	}
	data.Why = fmt.Sprintf(text.Why, m.AppName)
	var html bytes.Buffer
	// the template and its data are fixed types: Execute cannot fail on them
	_ = researchUpdateTemplate.Execute(&html, data)
	lines := []string{text.Greeting, "", strings.Join(data.Paragraphs, "\n\n"), "", text.Thanks, m.AppName,
		"", "--", data.Why, text.Unsubscribe + ": " + data.UnsubscribeLink, text.OptIn + ": " + data.ProfileLink}
	return composedMail{Subject: m.Subject, HTML: html.String(), Text: strings.Join(lines, "\n")}
}

// paragraphs splits plain text at blank lines, dropping empty ones and normalising newlines.
func paragraphs(body string) []string {
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
	var out []string
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sendResearchUpdate emails update to user in the user's language through the configured
// transport. List-Unsubscribe + List-Unsubscribe-Post (RFC 8058) let mail clients offer
// their own one-click unsubscribe, which POSTs to the API route.
func sendResearchUpdate(app core.App, update, user *core.Record) error {
	token, err := UnsubscribeToken(app, user.Id)
	if err != nil {
		return err
	}
	lang := user.GetString("language")
	if _, ok := researchUpdateTexts[lang]; !ok {
		lang = researchUpdateLanguage
	}
	meta := app.Settings().Meta
	composed := composeResearchUpdate(researchUpdateMail{
		Lang: lang, Subject: update.GetString("subject_" + lang), Body: update.GetString("body_" + lang),
		AppName: meta.AppName, AppURL: meta.AppURL, Token: token,
	})
	oneClick := strings.TrimRight(meta.AppURL, "/") + UnsubscribePath + "?token=" + url.QueryEscape(token)
	return app.NewMailClient().Send(&mailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      []mail.Address{{Address: user.Email()}},
		Subject: composed.Subject,
		HTML:    composed.HTML,
		Text:    composed.Text,
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + oneClick + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	})
}
