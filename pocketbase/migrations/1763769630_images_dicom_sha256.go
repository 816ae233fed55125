package migrations

import (
	"crypto/sha256"
	"encoding/hex"
	"io"

	"github.com/pocketbase/dbx"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// DicomDigestField holds the SHA-256 (hex) of an image's stored DICOM file, taken when the file
// arrives (hooks/images_digest.go). The research export writes it into SHA256SUMS instead of
// hashing every file again, so `sha256sum -c` on a dataset also proves that its files are the
// bytes the author's device uploaded. Hidden: only the server reads it.
const DicomDigestField = "dicom_sha256"

func init() {
	m.Register(func(app core.App) error {
		images, err := app.FindCollectionByNameOrId("images")
		if err != nil {
			return err
		}
		images.Fields.Add(&core.TextField{Name: DicomDigestField, Hidden: true, Max: 64, Pattern: `^[0-9a-f]{64}$`,
			Help: "SHA-256 of the stored DICOM file, set by the server when the file is uploaded (research export's SHA256SUMS)."})
		if err := app.Save(images); err != nil {
			return err
		}
		return backfillDicomDigests(app, images)
	}, func(app core.App) error {
		images, err := app.FindCollectionByNameOrId("images")
		if err != nil {
			return err
		}
		images.Fields.RemoveByName(DicomDigestField)
		return app.Save(images)
	})
}

// backfillDicomDigests hashes the DICOM files stored before the field existed.
func backfillDicomDigests(app core.App, images *core.Collection) error {
	records, err := app.FindRecordsByFilter(images, "dicom != ''", "", 0, 0)
	if err != nil || len(records) == 0 {
		return err
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return err
	}
	defer fsys.Close()
	for _, rec := range records {
		r, err := fsys.GetReader(rec.BaseFilesPath() + "/" + rec.GetString("dicom"))
		if err != nil {
			return err
		}
		h := sha256.New()
		_, err = io.Copy(h, r)
		r.Close()
		if err != nil {
			return err
		}
		// straight to the table: hooks/images_digest.go keeps the field as it was on any Save
		if _, err := app.DB().Update(images.Name, dbx.Params{DicomDigestField: hex.EncodeToString(h.Sum(nil))},
			dbx.HashExp{"id": rec.Id}).Execute(); err != nil {
			return err
		}
	}
	return nil
}
