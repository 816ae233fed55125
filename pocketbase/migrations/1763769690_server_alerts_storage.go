package migrations

import (
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// StorageAlertKinds are the server_alerts kinds for failed writes to the server's storage
// (hooks/storage_faults.go, hooks/storage_alerts.go): the disk or quota is full, or the S3
// endpoint does not answer. Uploads are answered 503 meanwhile.
var StorageAlertKinds = []string{"storage_full", "storage_unavailable"}

// alertKindHelp is the kind field's help on the dashboard (PocketBase allows 300 characters).
const alertKindHelp = "mail_transport: mail server unreachable. mail_send: an email failed. " +
	"storage_full: a write failed on a full disk, quota or SQLite: free space. " +
	"storage_unavailable: the S3 endpoint does not answer. Uploads get 503 until then; authors' apps keep the cases and retry."

func init() {
	m.Register(func(app core.App) error {
		alerts, err := app.FindCollectionByNameOrId("server_alerts")
		if err != nil {
			return err
		}
		kind := alerts.Fields.GetByName("kind").(*core.SelectField)
		for _, k := range StorageAlertKinds {
			if !slices.Contains(kind.Values, k) {
				kind.Values = append(kind.Values, k)
			}
		}
		kind.Help = alertKindHelp
		return app.Save(alerts)
	}, func(app core.App) error {
		alerts, err := app.FindCollectionByNameOrId("server_alerts")
		if err != nil {
			return err
		}
		if _, err := app.DB().Delete("server_alerts", dbx.In("kind", "storage_full", "storage_unavailable")).Execute(); err != nil {
			return err
		}
		kind := alerts.Fields.GetByName("kind").(*core.SelectField)
		kind.Values = slices.DeleteFunc(kind.Values, func(v string) bool { return slices.Contains(StorageAlertKinds, v) })
		return app.Save(alerts)
	})
}
