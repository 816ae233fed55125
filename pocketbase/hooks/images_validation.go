package hooks

import (
	"errors"
	"fmt"
	"io"

	"github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"cassette/pocketbase/dicomcheck"
	"cassette/pocketbase/icd11"
)

// NoIcd11Message answers DICOM uploaded to a consented case without a known liver ICD-11 code:
// the research dataset only takes labelled liver CT (DESIGN.md, consent).
const NoIcd11Message = "DICOM files are kept only for consented CT cases labelled with a liver ICD-11 code from the bundled list; label the case first."

// registerImagesValidation re-checks every uploaded preview and DICOM file before anything is
// saved. It is bound after registerImagesConsent, which answers DICOM without consent first.
func registerImagesValidation(app core.App) {
	app.OnRecordCreateRequest("images").BindFunc(validateImageUploads)
	app.OnRecordUpdateRequest("images").BindFunc(validateImageUploads)
}

func validateImageUploads(e *core.RecordRequestEvent) error {
	if err := checkRasterUploads(e, "preview"); err != nil {
		return err
	}
	for _, f := range e.Record.GetUnsavedFiles("dicom") {
		if err := checkDicomUpload(e, f); err != nil {
			return err
		}
	}
	return e.Next()
}

// uploadError is a 400 whose message and field error say why a file was refused.
func uploadError(field, code, message string) error {
	return apis.NewBadRequestError(message, validation.Errors{field: validation.NewError(code, message)})
}

// fileLimit is the MaxSize of a file field (PocketBase's 5 MB default when unset).
func fileLimit(c *core.Collection, field string) int64 {
	if f, ok := c.Fields.GetByName(field).(*core.FileField); ok && f.MaxSize > 0 {
		return f.MaxSize
	}
	return 5 << 20
}

// checkSize refuses a file over the field's limit before reading it.
func checkSize(e *core.RecordRequestEvent, field string, f *filesystem.File) error {
	limit := fileLimit(e.Collection, field)
	if f.Size > limit {
		return uploadError(field, "upload_too_large", fmt.Sprintf("The file is %s; %s files are limited to %s.", megabytes(f.Size), field, megabytes(limit)))
	}
	return nil
}

func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// checkRasterUploads validates every new file of an image field (preview, header_image).
func checkRasterUploads(e *core.RecordRequestEvent, field string) error {
	for _, f := range e.Record.GetUnsavedFiles(field) {
		if err := checkSize(e, field, f); err != nil {
			return err
		}
		data, err := readUpload(f, fileLimit(e.Collection, field))
		if err != nil {
			return uploadError(field, "upload_unreadable", "The uploaded file could not be read.")
		}
		if p := checkRaster(data); p != nil {
			return uploadError(field, p.code, p.message)
		}
	}
	return nil
}

// readUpload reads at most limit+1 bytes of an uploaded file (the size check ran already).
func readUpload(f *filesystem.File, limit int64) ([]byte, error) {
	r, err := f.Reader.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, limit+1))
}

// checkDicomUpload requires a consented case with a known ICD-11 code, then a file that
// dicomcheck accepts (Part 10, de-identified, no private attribute, CT).
func checkDicomUpload(e *core.RecordRequestEvent, f *filesystem.File) error {
	if err := checkSize(e, "dicom", f); err != nil {
		return err
	}
	c, err := caseOfSeries(e.App, e.Record.GetString("series"))
	if err != nil {
		return e.BadRequestError("Unknown series.", err)
	}
	if _, known := icd11.Lookup(c.GetString("icd11_code")); !c.GetBool("research_consent") || !known {
		return uploadError("dicom", "dicom_case_not_labelled", NoIcd11Message)
	}
	r, err := f.Reader.Open()
	if err != nil {
		return uploadError("dicom", "upload_unreadable", "The uploaded file could not be read.")
	}
	defer r.Close()
	if err := dicomcheck.Check(r, f.Size); err != nil {
		var p *dicomcheck.Problem
		if errors.As(err, &p) {
			return uploadError("dicom", p.Code, p.Message)
		}
		return uploadError("dicom", "dicom_unparseable", "The DICOM file could not be checked.")
	}
	return nil
}

// caseOfSeries loads the case owning seriesID.
func caseOfSeries(app core.App, seriesID string) (*core.Record, error) {
	series, err := app.FindRecordById("series", seriesID)
	if err != nil {
		return nil, err
	}
	return app.FindRecordById("cases", series.GetString("case"))
}
