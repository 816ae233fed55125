package hooks_test

// noEvents is ExpectedEvents for a request refused before any hook ran: no
// record hook, so nothing was read for the response and nothing was written
// (PocketBase's apis/record_crud_test.go states refusals the same way).
var noEvents = map[string]int{"*": 0}

// saves counts what a request wrote through app.Save / app.Delete.
type saves struct {
	created, updated, deleted int
	// unvalidated counts updates saved without validation (PocketBase's
	// delete cascade clearing a relation that does not cascade,
	// cascadeRecordDelete in core/record_model.go).
	unvalidated int
	// invalid counts creates PocketBase's own field validation refused:
	// the create hooks ran, OnRecordValidate failed, no row was written.
	invalid int
}

// events is the exact ExpectedEvents of a request: its request hook (e.g.
// "OnRecordCreateRequest", "" for none) fired once, each save in s fired
// PocketBase's whole model and record chain once (core/record_model.go:
// OnModel*/OnRecord* Create|Update|Delete, Execute, After*Success, and
// Validate for creates and updates; deletes are not validated), enriched
// records were serialized into the answer (OnRecordEnrich), and nothing else.
func events(request string, s saves, enriched int) map[string]int {
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
	add(s.created, "OnModelCreate", "OnModelCreateExecute", "OnModelAfterCreateSuccess", "OnModelValidate",
		"OnRecordCreate", "OnRecordCreateExecute", "OnRecordAfterCreateSuccess", "OnRecordValidate")
	add(s.updated, "OnModelUpdate", "OnModelUpdateExecute", "OnModelAfterUpdateSuccess", "OnModelValidate",
		"OnRecordUpdate", "OnRecordUpdateExecute", "OnRecordAfterUpdateSuccess", "OnRecordValidate")
	add(s.unvalidated, "OnModelUpdate", "OnModelUpdateExecute", "OnModelAfterUpdateSuccess",
		"OnRecordUpdate", "OnRecordUpdateExecute", "OnRecordAfterUpdateSuccess")
	add(s.deleted, "OnModelDelete", "OnModelDeleteExecute", "OnModelAfterDeleteSuccess",
		"OnRecordDelete", "OnRecordDeleteExecute", "OnRecordAfterDeleteSuccess")
	add(s.invalid, "OnModelCreate", "OnModelValidate", "OnModelAfterCreateError",
		"OnRecordCreate", "OnRecordValidate", "OnRecordAfterCreateError")
	add(enriched, "OnRecordEnrich")
	return e
}
