package dicomcheck

import "testing"

func TestProfileTable(t *testing.T) {
	// Table E.1-1 of edition 2024b has 621 rows; the private-attributes row is a blanket rule.
	if len(profileRows) != 620 {
		t.Errorf("%d rows; want 620", len(profileRows))
	}
	for _, r := range profileRows {
		if r.Tag&r.Mask != r.Tag {
			t.Errorf("row %q: tag %08X has bits outside its mask %08X", r.Name, r.Tag, r.Mask)
		}
	}
	if _, ok := rowFor(0x60023000); !ok {
		t.Error("Overlay Data of group 6002 is not matched by the (60xx,3000) row")
	}
	if _, ok := rowFor(0x00280010); ok {
		t.Error("Rows (0028,0010) is not in Table E.1-1 but a row matched it")
	}
}

// TestRequirementOf pins the policy mirrored from the client (src/lib/dicom/deid/profile.ts,
// plan.ts): options in force allow a value, U allows any UID, X/Z demand emptiness, D-family
// actions allow the client's dummy, and compound-coded sequences must be removed or emptied.
func TestRequirementOf(t *testing.T) {
	for keyword, want := range map[string]struct {
		sequence bool
		req      requirement
	}{
		"PatientName":               {false, mustBeEmpty},  // Z
		"AccessionNumber":           {false, mustBeEmpty},  // Z
		"PatientID":                 {false, emptyOrDummy}, // Z/D
		"InstitutionName":           {false, emptyOrDummy}, // X/Z/D; Retain Institution Identity is off
		"OperatorsName":             {false, emptyOrDummy}, // X/Z/D
		"StudyDate":                 {false, mayHaveValue}, // shifted: Retain Longitudinal Modified Dates
		"PatientSex":                {false, mayHaveValue}, // Retain Patient Characteristics
		"StudyDescription":          {false, mayHaveValue}, // Clean Descriptors: the author's text
		"SOPInstanceUID":            {false, mayHaveValue}, // U
		"OtherPatientIDsSequence":   {true, mustBeEmpty},   // X
		"ReferencedImageSequence":   {true, mayHaveValue},  // X/Z/U*: items kept, checked inside
		"FlowIdentifierSequence":    {true, mayHaveValue},  // D on a sequence: items kept, checked inside
		"ReferencedStudySequence":   {true, mustBeEmpty},   // X/Z on a sequence
		"GraphicAnnotationSequence": {true, mayHaveValue},  // Clean Graphics
	} {
		row := rowByKeyword(t, keyword)
		if got := requirementOf(row, want.sequence); got != want.req {
			t.Errorf("%s (%s): requirement %d; want %d", keyword, row.Basic, got, want.req)
		}
	}
}

func rowByKeyword(t *testing.T, keyword string) profileRow {
	t.Helper()
	for _, r := range profileRows {
		if r.Keyword == keyword {
			return r
		}
	}
	t.Fatalf("no row for %s", keyword)
	return profileRow{}
}
