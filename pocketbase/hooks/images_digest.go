package hooks

import (
	"crypto/sha256"
	"encoding/hex"
	"io"

	"github.com/pocketbase/pocketbase/core"

	"cassette/pocketbase/migrations"
)

// registerImagesDigest keeps images.dicom_sha256 the digest of the stored DICOM file, whoever
// saves the record (a request, the dashboard, Go code): computed from a new file, cleared with
// a removed one, and otherwise never changed (a client cannot set it).
func registerImagesDigest(app core.App) {
	app.OnRecordCreate("images").BindFunc(keepDicomDigest)
	app.OnRecordUpdate("images").BindFunc(keepDicomDigest)
}

func keepDicomDigest(e *core.RecordEvent) error {
	field := migrations.DicomDigestField
	if files := e.Record.GetUnsavedFiles("dicom"); len(files) > 0 {
		// PocketBase keeps the last of several files for a MaxSelect 1 field (core/field_file.go)
		r, err := files[len(files)-1].Reader.Open()
		if err != nil {
			return err
		}
		defer r.Close()
		h := sha256.New()
		if _, err := io.Copy(h, r); err != nil {
			return err
		}
		e.Record.Set(field, hex.EncodeToString(h.Sum(nil)))
	} else if e.Record.GetString("dicom") == "" {
		e.Record.Set(field, "")
	} else if orig := e.Record.Original(); orig != nil && orig.GetString("dicom") == e.Record.GetString("dicom") {
		e.Record.Set(field, orig.GetString(field))
	}
	return e.Next()
}
