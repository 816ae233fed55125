package hooks_test

import (
	"bufio"
	"encoding/base64"
	"net"
	"net/http"
	"net/mail"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// fakeSMTP is a loopback SMTP server that accepts EHLO, AUTH PLAIN with one
// password, and QUIT: enough for the start-up check.
func fakeSMTP(t testing.TB, password string) (host string, port int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serveSMTP(conn, password)
		}
	}()
	addr := ln.Addr().(*net.TCPAddr)
	return "127.0.0.1", addr.Port
}

func serveSMTP(conn net.Conn, password string) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	reply := func(s string) { conn.Write([]byte(s + "\r\n")) }
	reply("220 fake ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.Fields(strings.TrimSpace(line))
		switch {
		case len(cmd) == 0:
			reply("500 empty")
		case strings.EqualFold(cmd[0], "EHLO"):
			reply("250-fake greets you")
			reply("250 AUTH PLAIN")
		case strings.EqualFold(cmd[0], "AUTH") && len(cmd) == 3:
			creds, _ := base64.StdEncoding.DecodeString(cmd[2])
			if strings.HasSuffix(string(creds), "\x00"+password) {
				reply("235 ok")
			} else {
				reply("535 bad credentials")
			}
		case strings.EqualFold(cmd[0], "QUIT"):
			reply("221 bye")
			return
		default:
			reply("502 not here")
		}
	}
}

func useSMTP(t testing.TB, app core.App, host string, port int, user, password string) {
	t.Helper()
	s := app.Settings()
	s.SMTP.Enabled, s.SMTP.Host, s.SMTP.Port, s.SMTP.Username, s.SMTP.Password = true, host, port, user, password
	// Stored, since serving reloads the settings from the database.
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
}

func TestCheckMailTransport(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	host, port := fakeSMTP(t, "right")
	_, noSendmail := exec.LookPath("sendmail")
	for _, c := range []struct {
		name, user, password string
		port                 int
		smtpOff              bool
		wantErr              string
	}{
		{name: "a server that answers", port: port},
		{name: "a server that accepts the login", port: port, user: "mailer", password: "right"},
		{name: "a wrong password", port: port, user: "mailer", password: "wrong", wantErr: "refused the login"},
		{name: "nothing listening", port: tv.FreePort(t), wantErr: "cannot connect to the SMTP server"},
	} {
		t.Run(c.name, func(t *testing.T) {
			app := fx.NewApp(t)
			defer app.Cleanup()
			useSMTP(t, app, host, c.port, c.user, c.password)
			err := hooks.CheckMailTransport(app)
			if c.wantErr == "" && err != nil || c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Errorf("err = %v, want %q", err, c.wantErr)
			}
		})
	}
	t.Run("SMTP off falls back on sendmail", func(t *testing.T) {
		app := fx.NewApp(t)
		defer app.Cleanup()
		err := hooks.CheckMailTransport(app)
		if (err != nil) != (noSendmail != nil) {
			t.Errorf("err = %v with sendmail lookup error %v", err, noSendmail)
		}
	})
}

func alert(t testing.TB, app core.App, kind string) *core.Record {
	t.Helper()
	rec, err := app.FindFirstRecordByData("server_alerts", "kind", kind)
	if err != nil {
		t.Fatalf("no %s alert: %v", kind, err)
	}
	return rec
}

// The check runs on serve with a real listener (covered end to end by
// tests/e2e/mail-failure.e2e.ts); triggering that serve event here would
// also run the uploads temp-folder hook, which redirects TMPDIR for the
// whole test process.
func TestMailCheckOpensAndResolvesTheAlert(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()

	dead := tv.FreePort(t)
	useSMTP(t, app, "127.0.0.1", dead, "", "")
	hooks.ReportMailHealth(app)
	open := alert(t, app, hooks.AlertMailTransport)
	if !open.GetDateTime("resolved").IsZero() || open.GetInt("occurrences") != 1 ||
		!strings.Contains(open.GetString("message"), "127.0.0.1:"+strconv.Itoa(dead)) {
		t.Errorf("alert after a failed check: %v", open.PublicExport())
	}

	host, port := fakeSMTP(t, "")
	useSMTP(t, app, host, port, "", "")
	hooks.ReportMailHealth(app)
	if alert(t, app, hooks.AlertMailTransport).GetDateTime("resolved").IsZero() {
		t.Error("a successful check left the alert open")
	}

	useSMTP(t, app, "127.0.0.1", dead, "", "")
	hooks.ReportMailHealth(app)
	if again := alert(t, app, hooks.AlertMailTransport); !again.GetDateTime("resolved").IsZero() || again.GetInt("occurrences") != 1 || again.Id != open.Id {
		t.Errorf("a new failure should reopen the same alert, counting from 1: %v", again.PublicExport())
	}
}

func TestMailCheckSkippedWithoutAListener(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	(&tests.ApiScenario{
		Name: "scenario serve events do not check mail", Method: http.MethodGet, URL: "/api/health",
		TestAppFactory: fx.NewApp, ExpectedStatus: 200, ExpectedContent: []string{`"code":200`},
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			useSMTP(t, app, "127.0.0.1", tv.FreePort(t), "", "")
		},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if n, _ := app.CountRecords("server_alerts"); n != 0 {
				t.Errorf("%d alerts written by a test scenario", n)
			}
		},
	}).Test(t)
}

// An email sent while a failed check is writing its alert: the send resolves the alert, and the
// write in flight must not leave it open. The resolve used to run between the limiter taking the
// count and writing it, found no row yet, and marked the kind resolved; the write then opened
// the alert, and no later success resolved it.
func TestMailAlertResolvedWhileItIsWritten(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()

	var once sync.Once
	app.OnModelCreate("server_alerts").BindFunc(func(e *core.ModelEvent) error {
		once.Do(func() {
			sent := make(chan error, 1)
			go func() {
				sent <- app.NewMailClient().Send(&mailer.Message{From: mail.Address{Address: "cassette@cassette.test"},
					To: []mail.Address{{Address: "someone@cassette.test"}}, Subject: "Verify your email", HTML: "<p>hi</p>"})
			}()
			select { // the send's resolve goes first if it can; with the limiter's lock it waits for this write
			case <-sent:
			case <-time.After(300 * time.Millisecond):
			}
		})
		return e.Next()
	})
	useSMTP(t, app, "127.0.0.1", tv.FreePort(t), "", "")
	hooks.ReportMailHealth(app)

	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if !alert(t, app, hooks.AlertMailTransport).GetDateTime("resolved").IsZero() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the alert stays open although an email went out after the failed check")
		}
	}
}
