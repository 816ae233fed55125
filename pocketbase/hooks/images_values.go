package hooks

import "github.com/pocketbase/pocketbase/core"

// registerImagesValues checks the windowing representation of a slice (images.values,
// migrations/1763769660_images_values.go) as strictly as its preview: a JPEG walked to its end,
// no metadata segment, no trailing bytes (images_validation_raster.go).
func registerImagesValues(app core.App) {
	app.OnRecordCreateRequest("images").BindFunc(validateImageValues)
	app.OnRecordUpdateRequest("images").BindFunc(validateImageValues)
}

func validateImageValues(e *core.RecordRequestEvent) error {
	if err := checkRasterUploads(e, "values"); err != nil {
		return err
	}
	return e.Next()
}
