package hooks

import (
	"github.com/gabriel-vasile/mimetype"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/security"
)

// neutralNameAlphabet and neutralNameLength match the random part PocketBase adds to every
// stored name (tools/filesystem/file.go normalizeName), made long enough to be the whole name.
const (
	neutralNameAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	neutralNameLength   = 20
)

// registerUploadsNames renames every file about to be stored, in every collection and whatever
// saves it (API, dashboard, seed). PocketBase derives the stored name from the uploaded one
// (`Doe John 1970-01-01.jpg` becomes `doe_john_1970_01_01_<random>.jpg`, in the record JSON and
// the public URL) and keeps the uploaded name itself in the stored file's attributes
// (tools/filesystem/filesystem.go UploadFile, metadata "original-filename"); clients' file
// names often hold a patient's name. Bound at the model level, before validation and before
// FileField uploads the files (core/field_file.go Intercept, on create/update execute).
func registerUploadsNames(app core.App) {
	app.OnRecordCreate().BindFunc(neutraliseFileNames)
	app.OnRecordUpdate().BindFunc(neutraliseFileNames)
}

func neutraliseFileNames(e *core.RecordEvent) error {
	for _, field := range e.Record.Collection().Fields {
		if _, ok := field.(*core.FileField); !ok {
			continue
		}
		for _, f := range e.Record.GetUnsavedFiles(field.GetName()) {
			name := neutralFileName(field.GetName(), f)
			f.Name, f.OriginalName = name, name
		}
	}
	return e.Next()
}

// neutralFileName is the field name, a random part and the extension of the file's content
// (never of its uploaded name): `preview_<random>.jpg`, `dicom_<random>.dcm`.
func neutralFileName(field string, f *filesystem.File) string {
	return field + "_" + security.RandomStringWithAlphabet(neutralNameLength, neutralNameAlphabet) + contentExtension(f)
}

// contentExtension is the extension of what the file holds (".jpg", ".png", ".dcm"), or ""
// when it cannot be read or its type has none.
func contentExtension(f *filesystem.File) string {
	r, err := f.Reader.Open()
	if err != nil {
		return ""
	}
	defer r.Close()
	mt, err := mimetype.DetectReader(r)
	if err != nil {
		return ""
	}
	return mt.Extension()
}
