// Package dicomcheck re-checks, on the server, that an uploaded DICOM file is what Cassette's
// client promises to send: a Part 10 file (PS3.10 §7.1), de-identified with the Basic
// Application Level Confidentiality Profile (PS3.15 Annex E) and the options the client uses,
// with no private attribute at any depth, and a CT image. It never returns a DICOM value, only
// the keyword and tag of what is wrong, so its messages can be logged and shown safely.
package dicomcheck

//go:generate go run ./internal/gen ../../../shared/dicom-standard

// profileRow is one row of PS3.15 Table E.1-1 (see profile_generated.go).
type profileRow struct {
	Tag, Mask uint32
	Keyword   string
	Name      string
	VR        string
	Basic     string
	Options   map[string]string
}

// clientOptions are the Annex E options the Cassette client applies by default
// (src/lib/dicom/deid/profile.ts DEFAULT_OPTIONS): with one in force, a row's action becomes
// K (kept) or C (cleaned: dates shifted by the per-case offset, descriptors replaced by the
// author's text), so a value is legitimately present and the server cannot tell it apart.
var clientOptions = []string{"rtnLongModifDatesOpt", "cleanDescOpt", "rtnPatCharsOpt", "cleanGraphOpt"}

// requirement is what the server demands of an attribute listed in Table E.1-1.
type requirement int

const (
	// mayHaveValue: U (UIDs are replaced, any UID is fine), or an option keeps or cleans it.
	mayHaveValue requirement = iota
	// mustBeEmpty: X, Z and X/Z: absent or zero length (a sequence: no item).
	mustBeEmpty
	// emptyOrDummy: D and the compounds containing D: absent, empty, or the client's dummy.
	emptyOrDummy
)

// requirementOf resolves a row as the client does (plan.ts, profile.ts): options first, then
// the action. Sequences with a compound action are removed or emptied by the client; a
// sequence with plain D keeps its items, which are checked one by one.
func requirementOf(row profileRow, isSequence bool) requirement {
	for _, opt := range clientOptions {
		if a := row.Options[opt]; a == "K" || a == "C" {
			return mayHaveValue
		}
	}
	switch row.Basic {
	case "U", "X/Z/U*":
		return mayHaveValue
	case "X", "Z", "X/Z":
		return mustBeEmpty
	case "D":
		if isSequence {
			return mayHaveValue
		}
		return emptyOrDummy
	default: // X/D, Z/D, X/Z/D
		if isSequence {
			return mustBeEmpty
		}
		return emptyOrDummy
	}
}

var (
	exactRows  = map[uint32]profileRow{}
	maskedRows []profileRow
)

func init() {
	for _, r := range profileRows {
		if r.Mask == 0xFFFFFFFF {
			exactRows[r.Tag] = r
		} else {
			maskedRows = append(maskedRows, r)
		}
	}
}

// rowFor returns the Table E.1-1 row covering tag, if any.
func rowFor(tag uint32) (profileRow, bool) {
	if r, ok := exactRows[tag]; ok {
		return r, true
	}
	for _, r := range maskedRows {
		if tag&r.Mask == r.Tag {
			return r, true
		}
	}
	return profileRow{}, false
}

// dummyText is the client's dummy for text VRs (plan.ts DUMMY_TEXT).
const dummyText = "ANONYMIZED"

// dummies is the client's action-D value per string VR (plan.ts DUMMIES).
var dummies = map[string]string{
	"AE": dummyText, "CS": dummyText, "LO": dummyText, "LT": dummyText, "PN": dummyText,
	"SH": dummyText, "ST": dummyText, "UC": dummyText, "UT": dummyText,
	"AS": "000Y", "DA": "19000101", "DT": "19000101000000", "TM": "000000", "DS": "0", "IS": "0",
	"UR": "http://anonymized.invalid",
}
