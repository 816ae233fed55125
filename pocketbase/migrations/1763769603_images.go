package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Image file limits: a JPEG preview is small; one de-identified DICOM
// instance (e.g. an uncompressed multi-frame or large CR) can exceed 50 MB.
const (
	PreviewMaxBytes = 2 << 20
	DicomMaxBytes   = 100 << 20
)

// Image API rules. The record (and its preview) is readable like its series.
// The dicom field is Protected: PocketBase serves it only with a file token
// and re-checks the view rule with @request.context = "protectedFile", where
// only the case's author and researchers (for consented cases) pass.
const (
	imagesReadRule = `(series.case.status = "published" || (@request.auth.id != "" && series.case.author = @request.auth.id)) && ` +
		`(@request.context != "protectedFile" || (@request.auth.id != "" && series.case.author = @request.auth.id) || ` +
		`(@request.auth.role = "researcher" && series.case.research_consent = true))`
	imagesCreateRule = `@request.auth.id != "" && @request.auth.verified = true && @request.body.series.case.author = @request.auth.id`
	imagesUpdateRule = `@request.auth.id != "" && series.case.author = @request.auth.id && ` +
		`(@request.body.series:isset = false || @request.body.series.case.author = @request.auth.id)`
	imagesDeleteRule = `@request.auth.id != "" && series.case.author = @request.auth.id`
)

func init() {
	m.Register(func(app core.App) error {
		series, err := app.FindCollectionByNameOrId("series")
		if err != nil {
			return err
		}

		images := core.NewBaseCollection("images")
		images.ListRule = types.Pointer(imagesReadRule)
		images.ViewRule = types.Pointer(imagesReadRule)
		images.CreateRule = types.Pointer(imagesCreateRule)
		images.UpdateRule = types.Pointer(imagesUpdateRule)
		images.DeleteRule = types.Pointer(imagesDeleteRule)

		images.Fields.Add(
			&core.RelationField{Name: "series", CollectionId: series.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.NumberField{Name: "index", OnlyInt: true, Min: types.Pointer(0.0)},
			&core.FileField{
				Name: "preview", Required: true, MaxSelect: 1, MaxSize: PreviewMaxBytes,
				MimeTypes: []string{"image/jpeg", "image/png"}, Thumbs: []string{"160x160"},
			},
			&core.FileField{
				Name: "dicom", MaxSelect: 1, MaxSize: DicomMaxBytes, Protected: true,
				MimeTypes: []string{"application/dicom"},
			},
			&core.TextField{Name: "client_id", Max: 64, Pattern: `^[A-Za-z0-9_-]+$`},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		images.AddIndex("idx_images_series_client_id", true, "`series`, `client_id`", "`client_id` != ''")
		images.AddIndex("idx_images_series_index", false, "`series`, `index`", "")

		return app.Save(images)
	}, func(app core.App) error {
		images, err := app.FindCollectionByNameOrId("images")
		if err != nil {
			return err
		}
		return app.Delete(images)
	})
}
