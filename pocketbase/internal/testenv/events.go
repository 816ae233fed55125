package testenv

// Saves counts what a request wrote through app.Save / app.Delete.
type Saves struct {
	Created, Updated, Deleted int
	// Unvalidated counts updates saved without validation (PocketBase's delete cascade
	// clearing a relation that does not cascade, cascadeRecordDelete in core/record_model.go).
	Unvalidated int
	// Invalid counts creates PocketBase's own field validation refused: the create hooks
	// ran, OnRecordValidate failed, no row was written.
	Invalid int
}

// Events is the exact ExpectedEvents of a request: its request hook (e.g.
// "OnRecordCreateRequest", "" for none) fired once, each save in s fired PocketBase's whole
// model and record chain once (core/record_model.go: OnModel*/OnRecord* Create|Update|Delete,
// Execute, After*Success, and Validate for creates and updates; deletes are not validated),
// enriched records were serialized into the answer (OnRecordEnrich), and nothing else ("*": 0).
func Events(request string, s Saves, enriched int) map[string]int {
	e := map[string]int{"*": 0}
	add := func(n int, names ...string) {
		if n == 0 {
			return
		}
		for _, name := range names {
			e[name] += n
		}
	}
	if request != "" {
		add(1, request)
	}
	add(s.Created, "OnModelCreate", "OnModelCreateExecute", "OnModelAfterCreateSuccess", "OnModelValidate",
		"OnRecordCreate", "OnRecordCreateExecute", "OnRecordAfterCreateSuccess", "OnRecordValidate")
	add(s.Updated, "OnModelUpdate", "OnModelUpdateExecute", "OnModelAfterUpdateSuccess", "OnModelValidate",
		"OnRecordUpdate", "OnRecordUpdateExecute", "OnRecordAfterUpdateSuccess", "OnRecordValidate")
	add(s.Unvalidated, "OnModelUpdate", "OnModelUpdateExecute", "OnModelAfterUpdateSuccess",
		"OnRecordUpdate", "OnRecordUpdateExecute", "OnRecordAfterUpdateSuccess")
	add(s.Deleted, "OnModelDelete", "OnModelDeleteExecute", "OnModelAfterDeleteSuccess",
		"OnRecordDelete", "OnRecordDeleteExecute", "OnRecordAfterDeleteSuccess")
	add(s.Invalid, "OnModelCreate", "OnModelValidate", "OnModelAfterCreateError",
		"OnRecordCreate", "OnRecordValidate", "OnRecordAfterCreateError")
	add(enriched, "OnRecordEnrich")
	return e
}
