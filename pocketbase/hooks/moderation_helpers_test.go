package hooks_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	tv "cassette/pocketbase/internal/testenv"
)

// moderationAudit returns the details of the one audit_log entry of action about target,
// checking that the fixture's superuser wrote it.
func moderationAudit(t testing.TB, app *tests.TestApp, action, target string) map[string]any {
	t.Helper()
	rows, err := app.FindAllRecords("audit_log")
	if err != nil {
		t.Fatal(err)
	}
	super, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, tv.SuperuserEmail)
	if err != nil {
		t.Fatal(err)
	}
	var found []*core.Record
	for _, r := range rows {
		if r.GetString("action") == action && r.GetString("target") == target {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d %s entries about %s, want 1", len(found), action, target)
	}
	if found[0].GetString("actor") != super.Id || found[0].GetString("actor_collection") != core.CollectionNameSuperusers {
		t.Errorf("%s actor = %s:%s, want the superuser", action, found[0].GetString("actor_collection"), found[0].GetString("actor"))
	}
	var details map[string]any
	if err := found[0].UnmarshalJSONField("details", &details); err != nil {
		t.Fatal(err)
	}
	return details
}

// countAudit counts the audit_log entries whose action starts with prefix.
func countAudit(t testing.TB, app *tests.TestApp, prefix string) int {
	t.Helper()
	rows, err := app.FindAllRecords("audit_log")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		if strings.HasPrefix(r.GetString("action"), prefix) {
			n++
		}
	}
	return n
}

// record reloads a record, failing the test when it is gone.
func record(t testing.TB, app *tests.TestApp, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// recent is true for a date set within the last minute.
func recent(d types.DateTime) bool {
	return !d.IsZero() && d.Time().After(types.NowDateTime().Time().Add(-60e9))
}
