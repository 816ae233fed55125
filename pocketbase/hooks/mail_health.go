package hooks

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// mailCheckTimeout bounds the whole start-up check, so a mail server that
// does not answer delays the start by seconds, not minutes.
const mailCheckTimeout = 5 * time.Second

func registerMailHealth(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if err := se.Next(); err != nil {
			return err
		}
		// Only a real listener (apis.Serve sets Server) has users to email;
		// test scenarios trigger OnServe without one.
		if se.Server == nil {
			return nil
		}
		ReportMailHealth(se.App)
		// A later check resolves the alert once the mail server is back.
		se.App.Cron().MustAdd("cassetteMailCheck", "*/30 * * * *", func() { ReportMailHealth(se.App) })
		return nil
	})

	// Runs after tests.TestApp's mailer swap (priority -99999) and wraps the
	// real send (core/base.go NewMailClient triggers OnMailerSend around it).
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Func: func(e *core.MailerEvent) error {
			err := e.Next()
			if err != nil {
				e.App.Logger().Error("Email not sent", "subject", e.Message.Subject, "error", err)
				// a storm of failed sign-up emails is one write a minute (storage_alerts.go)
				raiseLimitedAlert(e.App, AlertMailSend, "An email could not be sent ("+e.Message.Subject+"): "+err.Error()+
					". Users do not get verification, password reset or moderation emails until mail works. Set SMTP in Settings → Mail settings, or CASSETTE_SMTP_HOST and the other CASSETTE_SMTP_* variables.")
				return err
			}
			resolveLimitedAlerts(e.App, AlertMailSend, AlertMailTransport)
			return nil
		},
	})
}

// ReportMailHealth runs CheckMailTransport and makes its outcome visible:
// an ERROR in the logs, a line on stderr and an open alert in the
// dashboard, or the alert resolved.
func ReportMailHealth(app core.App) {
	err := CheckMailTransport(app)
	if err == nil {
		resolveLimitedAlerts(app, AlertMailTransport)
		return
	}
	msg := "Mail does not work: " + err.Error() +
		". Verification, password reset and moderation emails will fail. Set SMTP in Settings → Mail settings, or CASSETTE_SMTP_HOST and the other CASSETTE_SMTP_* variables."
	app.Logger().Error("Mail transport check failed", "error", err)
	fmt.Fprintf(os.Stderr, "Mail NOT working:  %s (see server_alerts in the dashboard)\n", err)
	raiseLimitedAlert(app, AlertMailTransport, msg)
}

// CheckMailTransport tells whether app can hand an email to its transport:
// with SMTP on, it greets the server as PocketBase's mailer would
// (tools/mailer/smtp.go via mailyak: TLS or STARTTLS, EHLO, AUTH) and quits;
// with SMTP off, PocketBase falls back to sendmail, so a sendmail program
// must exist (tools/mailer/sendmail.go findSendmailPath).
func CheckMailTransport(app core.App) error {
	c := app.Settings().SMTP
	if !c.Enabled {
		for _, p := range []string{"/usr/sbin/sendmail", "/usr/bin/sendmail", "sendmail"} {
			if _, err := exec.LookPath(p); err == nil {
				return nil
			}
		}
		return errors.New("SMTP is off and there is no sendmail program to fall back on")
	}
	return checkSMTP(c, mailCheckTimeout)
}

func checkSMTP(c core.SMTPConfig, timeout time.Duration) error {
	addr := net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	dialer := &net.Dialer{Timeout: timeout}
	var conn net.Conn
	var err error
	if c.TLS {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, &tls.Config{ServerName: c.Host})
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("cannot connect to the SMTP server %s: %w", addr, err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		return err
	}
	client, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		return fmt.Errorf("SMTP server %s did not greet: %w", addr, err)
	}
	localName := c.LocalName
	if localName == "" {
		localName = "localhost"
	}
	if err := client.Hello(localName); err != nil {
		return fmt.Errorf("SMTP server %s refused EHLO: %w", addr, err)
	}
	if ok, _ := client.Extension("STARTTLS"); ok && !c.TLS {
		if err := client.StartTLS(&tls.Config{ServerName: c.Host}); err != nil {
			return fmt.Errorf("STARTTLS with %s failed: %w", addr, err)
		}
	}
	if c.Username != "" || c.Password != "" {
		if err := client.Auth(smtpAuth(c)); err != nil {
			return fmt.Errorf("SMTP server %s refused the login of %q: %w", addr, c.Username, err)
		}
	}
	return client.Quit()
}

// smtpAuth is the authentication PocketBase's SMTP client uses for c
// (tools/mailer/smtp.go: PLAIN unless LOGIN is configured).
func smtpAuth(c core.SMTPConfig) smtp.Auth {
	if c.AuthMethod == mailer.SMTPAuthLogin {
		return &loginAuth{c.Username, c.Password}
	}
	return smtp.PlainAuth("", c.Username, c.Password, c.Host)
}

// loginAuth is AUTH LOGIN with the same refusal to send credentials in the
// clear as PocketBase's own (tools/mailer/smtp.go smtpLoginAuth).
type loginAuth struct{ username, password string }

func (a *loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && server.Name != "localhost" && server.Name != "127.0.0.1" && server.Name != "::1" {
		return "", nil, errors.New("unencrypted connection")
	}
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch strings.ToLower(string(fromServer)) {
	case "username:":
		return []byte(a.username), nil
	case "password:":
		return []byte(a.password), nil
	}
	return nil, fmt.Errorf("unexpected AUTH LOGIN challenge %q", fromServer)
}
