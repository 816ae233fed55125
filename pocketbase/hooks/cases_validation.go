package hooks

import (
	"fmt"

	"github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"cassette/pocketbase/icd11"
	"cassette/pocketbase/migrations"
)

// Messages of the case checks the schema cannot express (title length, required fields,
// categories and other_label's 100 characters are already enforced by the cases migration).
const (
	Icd11RequiredMessage    = "A case with research consent needs an ICD-11 code from the bundled liver list."
	Icd11UnknownMessage     = "Unknown ICD-11 code: choose one from the bundled list of liver ICD-11 codes."
	PhiAcknowledgedMessage  = "Confirm that the images contain no identifying data before publishing the case."
	icd11TitleMessageFormat = "The ICD-11 title must be WHO's title for %s: %q."
)

func registerCasesValidation(app core.App) {
	app.OnRecordCreateRequest("cases").BindFunc(validateCase)
	app.OnRecordUpdateRequest("cases").BindFunc(validateCase)
}

func validateCase(e *core.RecordRequestEvent) error {
	if err := checkRasterUploads(e, "header_image"); err != nil {
		return err
	}
	if field, err := caseProblem(e.Record); err != nil {
		return apis.NewBadRequestError(err.Error(), validation.Errors{field: err})
	}
	return e.Next()
}

// caseProblem returns the first field that breaks a case rule and why: a code, when given or
// required by research consent, must be a bundled one with its WHO title (English or Spanish),
// a case is published only with the PHI acknowledgement (the portal's responsibility notice),
// and a new or changed diagnosis must be a code of the whole MMS (cases_diagnosis.go).
func caseProblem(c *core.Record) (string, validation.Error) {
	code := c.GetString("icd11_code")
	if code == "" && c.GetBool("research_consent") {
		return "icd11_code", validation.NewError("case_icd11_required", Icd11RequiredMessage)
	}
	if code != "" {
		entry, ok := icd11.Lookup(code)
		if !ok {
			return "icd11_code", validation.NewError("case_icd11_unknown", Icd11UnknownMessage)
		}
		if !entry.HasTitle(c.GetString("icd11_title")) {
			return "icd11_title", validation.NewError("case_icd11_title", fmt.Sprintf(icd11TitleMessageFormat, entry.Code, entry.TitleEn))
		}
	}
	if publishesWithoutAcknowledgement(c) {
		return "phi_acknowledged", validation.NewError("case_phi_not_acknowledged", PhiAcknowledgedMessage)
	}
	if code := c.GetString(migrations.DiagnosisField); diagnosisChanged(c, code) && !isMMSCode(code) {
		return migrations.DiagnosisField, validation.NewError("case_diagnosis_unknown", fmt.Sprintf(DiagnosisUnknownMessageFormat, code, icd11.MMSRelease()))
	}
	return "", nil
}

// publishesWithoutAcknowledgement is true when this save publishes the case (new, or moved to
// published) or withdraws the acknowledgement of a published one; older published records
// without it stay editable until then.
func publishesWithoutAcknowledgement(c *core.Record) bool {
	if c.GetString("status") != "published" || c.GetBool("phi_acknowledged") {
		return false
	}
	old := c.Original()
	return c.IsNew() || old.GetString("status") != "published" || old.GetBool("phi_acknowledged")
}
