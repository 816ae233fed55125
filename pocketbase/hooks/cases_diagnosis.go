package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"cassette/pocketbase/icd11"
	"cassette/pocketbase/migrations"
)

// DiagnosisUnknownMessageFormat is the message of a `diagnosis_icd11` that is not an ICD-11 MMS
// code; the app shows its own es/en text for the code `case_diagnosis_unknown`.
const DiagnosisUnknownMessageFormat = "Unknown ICD-11 diagnosis %q: choose a code of the ICD-11 MMS %s exactly as WHO writes it (e.g. DB92, 2C12.02)."

// diagnosisChanged is true for a new or changed diagnosis: an unchanged one is not re-checked, so
// a code dropped by a later MMS release never blocks an unrelated edit of an older case.
func diagnosisChanged(c *core.Record, code string) bool {
	return code != "" && (c.IsNew() || c.Original().GetString(migrations.DiagnosisField) != code)
}

// isMMSCode is true for a code of the embedded MMS exactly as WHO writes it: the look-up forgives
// spaces around a code, the stored value must not carry them (browsing and the export match it as is).
func isMMSCode(code string) bool {
	entry, ok := icd11.LookupMMS(code)
	return ok && entry.Code == code
}
