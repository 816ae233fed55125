package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// DiagnosisField is a case's optional diagnosis: one ICD-11 MMS 2024-01 code from the whole
// classification (any case, consented or not), checked against the embedded MMS by
// hooks/cases_diagnosis.go. The consented liver CT's `icd11_code` / `icd11_title` label is a
// separate thing and stays as it is.
const DiagnosisField = "diagnosis_icd11"

func init() {
	m.Register(func(app core.App) error {
		cases, err := app.FindCollectionByNameOrId("cases")
		if err != nil {
			return err
		}
		// The longest MMS code is 7 characters ("2C12.02"); 16 leaves room and nothing more.
		cases.Fields.Add(&core.TextField{Name: DiagnosisField, Max: 16,
			Help: "Optional ICD-11 MMS 2024-01 diagnosis code (e.g. DB92), exactly as WHO writes it; checked against the embedded MMS."})
		return app.Save(cases)
	}, func(app core.App) error {
		cases, err := app.FindCollectionByNameOrId("cases")
		if err != nil {
			return err
		}
		cases.Fields.RemoveByName(DiagnosisField)
		return app.Save(cases)
	})
}
