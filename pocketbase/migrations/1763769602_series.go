package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Planes are the acquisition planes a series is shown in.
var Planes = []string{"axial", "coronal", "sagittal", "other"}

// Series API rules follow the parent case: readable when the case is
// published or owned, writable only by the case's author.
const (
	seriesReadRule   = `case.status = "published" || (@request.auth.id != "" && case.author = @request.auth.id)`
	seriesCreateRule = `@request.auth.id != "" && @request.auth.verified = true && @request.body.case.author = @request.auth.id`
	seriesUpdateRule = `@request.auth.id != "" && case.author = @request.auth.id && ` +
		`(@request.body.case:isset = false || @request.body.case.author = @request.auth.id)`
	seriesDeleteRule = `@request.auth.id != "" && case.author = @request.auth.id`
)

func init() {
	m.Register(func(app core.App) error {
		cases, err := app.FindCollectionByNameOrId("cases")
		if err != nil {
			return err
		}

		series := core.NewBaseCollection("series")
		series.ListRule = types.Pointer(seriesReadRule)
		series.ViewRule = types.Pointer(seriesReadRule)
		series.CreateRule = types.Pointer(seriesCreateRule)
		series.UpdateRule = types.Pointer(seriesUpdateRule)
		series.DeleteRule = types.Pointer(seriesDeleteRule)

		series.Fields.Add(
			&core.RelationField{Name: "case", CollectionId: cases.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.SelectField{Name: "plane", Required: true, Values: Planes, MaxSelect: 1},
			&core.TextField{Name: "description", Max: 500, Presentable: true},
			&core.TextField{Name: "modality", Max: 16},
			// the window the author chose for the previews (PS3.3 C.11.2.1.2)
			&core.NumberField{Name: "window_center"},
			&core.NumberField{Name: "window_width", Min: types.Pointer(0.0)},
			&core.NumberField{Name: "slice_count", OnlyInt: true, Min: types.Pointer(0.0)},
			&core.NumberField{Name: "order", OnlyInt: true, Min: types.Pointer(0.0)},
			&core.TextField{Name: "client_id", Max: 64, Pattern: `^[A-Za-z0-9_-]+$`},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		series.AddIndex("idx_series_case_client_id", true, "`case`, `client_id`", "`client_id` != ''")
		series.AddIndex("idx_series_case_order", false, "`case`, `order`", "")

		return app.Save(series)
	}, func(app core.App) error {
		series, err := app.FindCollectionByNameOrId("series")
		if err != nil {
			return err
		}
		return app.Delete(series)
	})
}
