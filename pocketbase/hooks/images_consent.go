package hooks

import (
	"github.com/pocketbase/pocketbase/core"
)

// NoConsentMessage is returned when DICOM is uploaded for a case whose
// author did not consent to research use (DESIGN.md: without consent the
// server keeps previews only).
const NoConsentMessage = "DICOM files are kept only for cases whose author consented to research use; upload the preview alone."

func registerImagesConsent(app core.App) {
	app.OnRecordCreateRequest("images").BindFunc(refuseDicomWithoutConsent)
	app.OnRecordUpdateRequest("images").BindFunc(refuseDicomWithoutConsent)

	// Withdrawing consent deletes the DICOM already stored for the case.
	app.OnRecordUpdate("cases").BindFunc(func(e *core.RecordEvent) error {
		withdrawn := e.Record.Original().GetBool("research_consent") && !e.Record.GetBool("research_consent")
		if err := e.Next(); err != nil || !withdrawn {
			return err
		}
		return dropCaseDicom(e.App, e.Record.Id)
	})
}

func refuseDicomWithoutConsent(e *core.RecordRequestEvent) error {
	if len(e.Record.GetUnsavedFiles("dicom")) == 0 {
		return e.Next() // no new DICOM in this request
	}
	consented, err := caseConsentOfSeries(e.App, e.Record.GetString("series"))
	if err != nil {
		return e.BadRequestError("Unknown series.", err)
	}
	if !consented {
		return e.ForbiddenError(NoConsentMessage, nil)
	}
	return e.Next()
}

// caseConsentOfSeries reports whether the case owning seriesID has research consent.
func caseConsentOfSeries(app core.App, seriesID string) (bool, error) {
	series, err := app.FindRecordById("series", seriesID)
	if err != nil {
		return false, err
	}
	c, err := app.FindRecordById("cases", series.GetString("case"))
	if err != nil {
		return false, err
	}
	return c.GetBool("research_consent"), nil
}

// dropCaseDicom clears the dicom file of every image of caseID; PocketBase
// deletes the stored file when the field is emptied.
func dropCaseDicom(app core.App, caseID string) error {
	images, err := app.FindRecordsByFilter("images", "series.case = {:case} && dicom != ''", "", 0, 0, map[string]any{"case": caseID})
	if err != nil {
		return err
	}
	for _, img := range images {
		img.Set("dicom", nil)
		if err := app.Save(img); err != nil {
			return err
		}
	}
	return nil
}
