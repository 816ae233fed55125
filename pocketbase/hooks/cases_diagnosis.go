package hooks

import (
	"fmt"

	"github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"cassette/pocketbase/icd11"
)

// DiagnosisUnknownMessageFormat is the message of a `diagnosis_icd11` that is not an ICD-11 MMS
// code; the app shows its own es/en text for the code `case_diagnosis_unknown`.
const DiagnosisUnknownMessageFormat = "Unknown ICD-11 diagnosis %q: choose a code of the ICD-11 MMS %s exactly as WHO writes it (e.g. DB92, 2C12.02)."

func registerCasesDiagnosis(app core.App) {
	app.OnRecordCreateRequest("cases").BindFunc(checkCaseDiagnosis)
	app.OnRecordUpdateRequest("cases").BindFunc(checkCaseDiagnosis)
}

// checkCaseDiagnosis refuses a new or changed diagnosis that is not a code of the embedded MMS.
// An unchanged one is not re-checked, so a code dropped by a later MMS release never blocks an
// unrelated edit of an older case.
func checkCaseDiagnosis(e *core.RecordRequestEvent) error {
	code := e.Record.GetString("diagnosis_icd11")
	if code == "" || (!e.Record.IsNew() && e.Record.Original().GetString("diagnosis_icd11") == code) {
		return e.Next()
	}
	if _, ok := icd11.LookupMMS(code); !ok {
		err := validation.NewError("case_diagnosis_unknown", fmt.Sprintf(DiagnosisUnknownMessageFormat, code, icd11.MMSRelease()))
		return apis.NewBadRequestError(err.Error(), validation.Errors{"diagnosis_icd11": err})
	}
	return e.Next()
}
