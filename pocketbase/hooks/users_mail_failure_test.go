package hooks_test

import (
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// breakMail makes every send of app fail like an unreachable SMTP server
// while broken is true. It runs after tests.TestApp swaps in its TestMailer
// and after Cassette's send hooks, as a transport error would.
func breakMail(app *tests.TestApp, broken *atomic.Bool) {
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Priority: 100,
		Func: func(e *core.MailerEvent) error {
			if broken.Load() {
				return errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
			}
			return e.Next()
		},
	})
}

func userField(t testing.TB, app core.App, id string) string {
	t.Helper()
	u, err := app.FindRecordById("users", id)
	if err != nil {
		t.Fatal(err)
	}
	return u.GetString("verification_mail_failed")
}

func TestFailedSendsAreRecorded(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	var broken atomic.Bool
	breakMail(app, &broken)
	// every failure written at once here; the limit is TestMailFailureStormIsOneWriteAMinute's
	hooks.LimitAlerts(app, 0)
	user, err := app.FindRecordById("users", tv.UnverifiedID)
	if err != nil {
		t.Fatal(err)
	}

	broken.Store(true)
	if err := mails.SendRecordVerification(app, user); err == nil {
		t.Fatal("the broken mailer sent")
	}
	if userField(t, app, tv.UnverifiedID) == "" {
		t.Error("a failed verification email left verification_mail_failed empty")
	}
	if err := mails.SendRecordPasswordReset(app, user); err == nil {
		t.Fatal("the broken mailer sent")
	}
	a := alert(t, app, hooks.AlertMailSend)
	if !a.GetDateTime("resolved").IsZero() || a.GetInt("occurrences") != 2 ||
		!strings.Contains(a.GetString("message"), "connection refused") || !strings.Contains(a.GetString("message"), "Reset your Cassette password") {
		t.Errorf("alert after two failed sends: %v", a.PublicExport())
	}
	if strings.Contains(a.GetString("message"), user.Email()) {
		t.Error("the alert names the recipient")
	}

	broken.Store(false)
	if err := mails.SendRecordVerification(app, user); err != nil {
		t.Fatal(err)
	}
	if got := userField(t, app, tv.UnverifiedID); got != "" {
		t.Errorf("a sent verification email left verification_mail_failed = %q", got)
	}
	if alert(t, app, hooks.AlertMailSend).GetDateTime("resolved").IsZero() {
		t.Error("a sent email left the mail_send alert open")
	}
}

// TestMailFailureStormIsOneWriteAMinute: while SMTP is down every email fails (a wave of
// sign-ups, a research update to every contributor); the admin's server_alerts row is written
// at the first failure, then at most once per interval with the count since, through the same
// limiter as storage faults (storage_alerts.go). Resolved by the next email that goes out, after
// which a new failure is written at once. Before the limiter, 20 failures were 20 writes.
func TestMailFailureStormIsOneWriteAMinute(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	var broken atomic.Bool
	breakMail(app, &broken)
	const every = 2 * time.Second // a minute on a server (alertEvery)
	hooks.LimitAlerts(app, every)
	var writes atomic.Int32
	count := func(e *core.RecordEvent) error { writes.Add(1); return e.Next() }
	app.OnRecordAfterCreateSuccess("server_alerts").BindFunc(count)
	app.OnRecordAfterUpdateSuccess("server_alerts").BindFunc(count)
	user, err := app.FindRecordById("users", tv.UnverifiedID)
	if err != nil {
		t.Fatal(err)
	}

	broken.Store(true)
	start := time.Now()
	for range 20 {
		if err := mails.SendRecordPasswordReset(app, user); err == nil {
			t.Fatal("the broken mailer sent")
		}
	}
	elapsed := time.Since(start)
	if elapsed < every {
		if n, a := writes.Load(), alert(t, app, hooks.AlertMailSend); n != 1 || a.GetInt("occurrences") != 1 {
			t.Errorf("right after 20 failed sends: %d writes, occurrences %d; want 1 write of the first", n, a.GetInt("occurrences"))
		}
	}
	deadline := time.Now().Add(elapsed + 5*every)
	for alert(t, app, hooks.AlertMailSend).GetInt("occurrences") != 20 && time.Now().Before(deadline) {
		time.Sleep(every / 8)
	}
	// the first failure, then one write per interval the sends spanned (one, unless the machine
	// is so busy that 20 sends take longer than the interval)
	most := 2 + int32(elapsed/every)
	if n, a := writes.Load(), alert(t, app, hooks.AlertMailSend); n < 2 || n > most || a.GetInt("occurrences") != 20 || !a.GetDateTime("resolved").IsZero() {
		t.Errorf("after the interval: %d writes, occurrences %d, resolved %q; want 2 to %d writes, 20, open", n, a.GetInt("occurrences"), a.GetString("resolved"), most)
	}

	broken.Store(false)
	if err := mails.SendRecordPasswordReset(app, user); err != nil {
		t.Fatal(err)
	}
	if a := alert(t, app, hooks.AlertMailSend); a.GetDateTime("resolved").IsZero() {
		t.Error("a sent email left the alert open")
	}
	sent := writes.Load()
	if err := mails.SendRecordPasswordReset(app, user); err != nil {
		t.Fatal(err)
	}
	if n := writes.Load(); n != sent {
		t.Errorf("a second good email wrote server_alerts again (%d writes, want %d)", n, sent)
	}

	broken.Store(true)
	if err := mails.SendRecordPasswordReset(app, user); err == nil {
		t.Fatal("the broken mailer sent")
	}
	if a := alert(t, app, hooks.AlertMailSend); !a.GetDateTime("resolved").IsZero() || a.GetInt("occurrences") != 1 {
		t.Errorf("a failure after the resolution: occurrences %d, resolved %q; want a reopened alert at once, counting from 1", a.GetInt("occurrences"), a.GetString("resolved"))
	}
}

func TestVerificationMailFailureReachesTheUserOnly(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const url = "/api/collections/users/records/" + tv.UnverifiedID
	markFailed := func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		u, err := app.FindRecordById("users", tv.UnverifiedID)
		if err != nil {
			t.Fatal(err)
		}
		u.Set("verification_mail_failed", "2026-01-02 03:04:05.000Z")
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []tests.ApiScenario{
		{Name: "the user sees it", Method: http.MethodGet, URL: url, Headers: fx.Auth(tv.UnverifiedID),
			ExpectedStatus: 200, ExpectedContent: []string{`"verification_mail_failed":"2026-01-02 03:04:05.000Z"`},
			ExpectedEvents: map[string]int{"OnRecordViewRequest": 1, "OnRecordEnrich": 1}},
		{Name: "another user does not", Method: http.MethodGet, URL: url, Headers: fx.Auth(tv.OtherID),
			ExpectedStatus: 200, ExpectedContent: []string{`"id":"` + tv.UnverifiedID + `"`}, NotExpectedContent: []string{"verification_mail_failed"},
			ExpectedEvents: map[string]int{"OnRecordViewRequest": 1, "OnRecordEnrich": 1}},
		{Name: "a guest does not", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"id":"` + tv.UnverifiedID + `"`}, NotExpectedContent: []string{"verification_mail_failed"},
			ExpectedEvents: map[string]int{"OnRecordViewRequest": 1, "OnRecordEnrich": 1}},
		{Name: "signing in returns it", Method: http.MethodPost, URL: "/api/collections/users/auth-with-password",
			Body:           strings.NewReader(`{"identity":"unverified@cassette.test","password":"` + tv.Password + `"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"verification_mail_failed":"2026-01-02 03:04:05.000Z"`}},
		{Name: "the user cannot clear it", Method: http.MethodPatch, URL: url, Headers: fx.Auth(tv.UnverifiedID),
			Body:           strings.NewReader(`{"verification_mail_failed":""}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"verification_mail_failed":"2026-01-02 03:04:05.000Z"`}},
	} {
		s.TestAppFactory = fx.NewApp
		s.BeforeTestFunc = markFailed
		s.Test(t)
	}
}

// The endpoint keeps PocketBase's answer (204 whether the address has an
// account or not); the outcome lands on the account, where the app reads it.
func TestRequestVerificationWithBrokenMail(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const url = "/api/collections/users/request-verification"
	brokenApp := func(t testing.TB) *tests.TestApp {
		app := fx.NewApp(t)
		var broken atomic.Bool
		broken.Store(true)
		breakMail(app, &broken)
		return app
	}
	(&tests.ApiScenario{
		Name: "unknown address", Method: http.MethodPost, URL: url, TestAppFactory: brokenApp,
		Body: strings.NewReader(`{"email":"nobody@cassette.test"}`), ExpectedStatus: 204,
	}).Test(t)
	(&tests.ApiScenario{
		Name: "unverified account", Method: http.MethodPost, URL: url, TestAppFactory: brokenApp,
		Body: strings.NewReader(`{"email":"unverified@cassette.test"}`), ExpectedStatus: 204,
		ExpectedEvents: map[string]int{"OnRecordRequestVerificationRequest": 1},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			// PocketBase sends in the background after answering.
			deadline := time.Now().Add(5 * time.Second)
			for userField(t, app, tv.UnverifiedID) == "" {
				if time.Now().After(deadline) {
					t.Fatal("verification_mail_failed was not set after the send failed")
				}
				time.Sleep(20 * time.Millisecond)
			}
			if !alert(t, app, hooks.AlertMailSend).GetDateTime("resolved").IsZero() {
				t.Error("the mail_send alert is not open")
			}
		},
	}).Test(t)
}
