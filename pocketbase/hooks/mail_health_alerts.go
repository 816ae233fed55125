package hooks

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Alert kinds of the server_alerts collection (migrations/1763769620_server_alerts.go).
const (
	alertsCollection   = "server_alerts"
	AlertMailTransport = "mail_transport"
	AlertMailSend      = "mail_send"
)

// raiseAlertTimes opens the alert of kind, or reopens and updates the existing one (there is
// one row per kind), so the dashboard shows the latest cause and how often it happened. Only
// the limiter calls it (raiseLimitedAlert, storage_alerts.go), so a storm is not a storm of writes.
func raiseAlertTimes(app core.App, kind, message string, times int) error {
	rec, err := app.FindFirstRecordByData(alertsCollection, "kind", kind)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		coll, err := app.FindCachedCollectionByNameOrId(alertsCollection)
		if err != nil {
			return err
		}
		rec = core.NewRecord(coll)
		rec.Set("kind", kind)
	case err != nil:
		return err
	}
	if !rec.GetDateTime("resolved").IsZero() {
		rec.Set("occurrences", 0)
	}
	rec.Set("message", truncate(message, 2000))
	rec.Set("occurrences", rec.GetInt("occurrences")+times)
	rec.Set("resolved", "")
	return app.Save(rec)
}

// resolveAlerts marks the open alerts of kinds as resolved now.
func resolveAlerts(app core.App, kinds ...string) error {
	open, err := app.FindAllRecords(alertsCollection,
		dbx.In("kind", toAny(kinds)...), dbx.NewExp("resolved = '' OR resolved IS NULL"))
	if err != nil {
		return err
	}
	var errs []error
	for _, rec := range open {
		rec.Set("resolved", types.NowDateTime())
		errs = append(errs, app.Save(rec))
	}
	return errors.Join(errs...)
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
