package hooks_test

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

// Contributors added to the moderation fixture for research updates. With the fixture's own
// users the recipients are exactly AuthorID (en), spanishID (es) and noLanguageID (es by
// default); OtherID has no consented case, BlockedID is blocked, UnverifiedID and the two
// below are not verified or opted out, and ReaderID/ResearcherID wrote nothing.
const (
	spanishID        = "uupdateses00001"
	noLanguageID     = "uupdatesnl00001"
	optedOutID       = "uupdatesoo00001"
	unverifiedConsID = "uupdatesuv00001"
	updatesURL       = "/api/collections/research_updates/records"
)

var wantRecipients = []string{tv.AuthorID, spanishID, noLanguageID}

// updatesApp is the moderation fixture plus consenting contributors in every situation.
func updatesApp(fx *tv.Moderation) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app := fx.NewApp(t)
		for _, u := range []struct {
			id, language       string
			verified, optedOut bool
		}{
			{spanishID, "es", true, false},
			{noLanguageID, "", true, false},
			{optedOutID, "en", true, true},
			{unverifiedConsID, "en", false, false},
		} {
			save(t, app, "users", u.id, map[string]any{"email": u.id + "@cassette.test", "username": u.id, "password": tv.Password,
				"verified": u.verified, "language": u.language, "research_updates_opt_out": u.optedOut})
			save(t, app, "cases", "c"+u.id[1:], map[string]any{"author": u.id, "title": "Liver " + u.id, "category": "abdomen",
				"status": "published", "phi_acknowledged": true, "research_consent": true, "icd11_code": "DB92",
				"icd11_title": "Non-alcoholic fatty liver disease"})
		}
		return app
	}
}

func save(t testing.TB, app core.App, collection, id string, data map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	rec := core.NewRecord(col)
	rec.Id = id
	rec.Load(data)
	if pw, ok := data["password"].(string); ok {
		rec.SetPassword(pw)
	}
	if err := app.Save(rec); err != nil {
		t.Fatalf("%s %s: %v", collection, id, err)
	}
	return rec
}

// waitSent waits for the background sender to mark update sent.
func waitSent(t testing.TB, app core.App, update string) *core.Record {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		rec, err := app.FindRecordById("research_updates", update)
		if err == nil && rec.GetString("status") == "sent" {
			return rec
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("update %s was not sent in time", update)
	return nil
}

// mailTo returns the addressees of the test mailer's messages, sorted, and the messages by address.
func mailTo(app *tests.TestApp) ([]string, map[string][]string) {
	var to []string
	bodies := map[string][]string{}
	for _, m := range app.TestMailer.Messages() {
		for _, a := range m.To {
			to = append(to, a.Address)
			bodies[a.Address] = append(bodies[a.Address], m.Subject+"\n"+m.Text+"\n"+m.HTML+"\n"+m.Headers["List-Unsubscribe"])
		}
	}
	slices.Sort(to)
	return to, bodies
}

// emailsOf maps user ids to their fixture addresses, sorted.
func emailsOf(ids ...string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		switch id {
		case tv.AuthorID:
			out = append(out, "author@cassette.test")
		default:
			out = append(out, id+"@cassette.test")
		}
	}
	slices.Sort(out)
	return out
}

var unsubscribeLink = regexp.MustCompile(`/unsubscribe/([A-Za-z0-9_.-]+)`)

// updateAudit returns the audit_log entries of action about target.
func updateAudit(t testing.TB, app core.App, action, target string) []*core.Record {
	t.Helper()
	rows, err := app.FindRecordsByFilter("audit_log", "action = {:a} && target = {:t}", "created", 0, 0,
		map[string]any{"a": action, "t": target})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
