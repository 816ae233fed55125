package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ResearchExportStatuses: "complete" when the whole ZIP was written, "incomplete" when the
// download stopped (the client went away or a file could not be read).
var ResearchExportStatuses = []string{"complete", "incomplete"}

func init() {
	m.Register(func(app core.App) error {
		// One row per research export (research/routes.go writes it when the ZIP ends). All
		// rules stay nil: only superusers read it, on the dashboard; only the server writes.
		// The actor is a plain id, not a relation, so a row outlives the account.
		exports := core.NewBaseCollection("research_exports")
		nonNegative := types.Pointer(0.0)
		exports.Fields.Add(
			&core.TextField{Name: "actor", Required: true, Max: 64, Presentable: true,
				Help: "Id of the researcher (users) or superuser who exported."},
			&core.TextField{Name: "actor_collection", Max: 64},
			&core.JSONField{Name: "selection", MaxSize: 16 << 10,
				Help: "The filters that made the selection: icd (code or prefix), category, region, from, to, q."},
			&core.NumberField{Name: "cases", OnlyInt: true, Min: nonNegative},
			&core.NumberField{Name: "series", OnlyInt: true, Min: nonNegative},
			&core.NumberField{Name: "instances", OnlyInt: true, Min: nonNegative},
			&core.NumberField{Name: "bytes", OnlyInt: true, Min: nonNegative, Help: "Size of the ZIP sent."},
			&core.TextField{Name: "sha256", Max: 64, Help: "SHA-256 of the ZIP sent (hex): a re-export of the same selection over the same data gives the same value."},
			&core.SelectField{Name: "status", Required: true, Values: ResearchExportStatuses, MaxSelect: 1},
			&core.TextField{Name: "error", Max: 2000},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		exports.AddIndex("idx_research_exports_created", false, "`created`", "")
		return app.Save(exports)
	}, func(app core.App) error {
		exports, err := app.FindCollectionByNameOrId("research_exports")
		if err != nil {
			return err
		}
		return app.Delete(exports)
	})
}
