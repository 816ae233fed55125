package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// ValuesField is the images field holding a CT slice's companded Hounsfield units: an 8-bit grey
// JPEG whose levels the viewer maps back to HU so readers can window the slice
// (src/lib/viewer/hu-encoding.ts). Optional: previews alone still make a readable case.
const ValuesField = "values"

func init() {
	m.Register(func(app core.App) error {
		images, err := app.FindCollectionByNameOrId("images")
		if err != nil {
			return err
		}
		// same size limit as a preview: it is one, with another grey mapping
		images.Fields.Add(&core.FileField{
			Name: ValuesField, MaxSelect: 1, MaxSize: PreviewMaxBytes, MimeTypes: []string{"image/jpeg"},
			Help: "Companded Hounsfield units of a CT slice (8-bit grey JPEG) for readers' windowing; see the app's src/lib/viewer/hu-encoding.ts.",
		})
		return app.Save(images)
	}, func(app core.App) error {
		images, err := app.FindCollectionByNameOrId("images")
		if err != nil {
			return err
		}
		images.Fields.RemoveByName(ValuesField)
		return app.Save(images)
	})
}
