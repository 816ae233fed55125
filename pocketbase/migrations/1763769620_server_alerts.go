package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// AlertKinds are the problems the server reports in server_alerts
// (written by hooks/mail_health.go).
var AlertKinds = []string{"mail_transport", "mail_send"}

func init() {
	m.Register(func(app core.App) error {
		// All rules stay nil: only superusers see alerts, only the server
		// writes them. One row per kind: a repeat updates it.
		alerts := core.NewBaseCollection("server_alerts")
		alerts.Fields.Add(
			&core.SelectField{Name: "kind", Required: true, Values: AlertKinds, MaxSelect: 1, Presentable: true,
				Help: "mail_transport: the server cannot reach its mail server (checked at start and every 30 minutes). mail_send: sending an email (verification, password reset, moderation) failed."},
			&core.TextField{Name: "message", Required: true, Max: 2000,
				Help: "What failed and how to fix it: set SMTP in Settings → Mail settings, or the CASSETTE_SMTP_* variables."},
			&core.NumberField{Name: "occurrences", OnlyInt: true, Min: types.Pointer(0.0),
				Help: "How many times it failed since the alert opened."},
			&core.DateField{Name: "resolved",
				Help: "Set by the server when mail works again (a later check or a sent email). Empty: still a problem."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		alerts.AddIndex("idx_server_alerts_kind", true, "`kind`", "")
		return app.Save(alerts)
	}, func(app core.App) error {
		alerts, err := app.FindCollectionByNameOrId("server_alerts")
		if err != nil {
			return err
		}
		return app.Delete(alerts)
	})
}
