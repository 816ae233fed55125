package research

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The label of a case as a DICOM Comprehensive SR (PS3.3 A.35.3) in the shape of TID 1500
// "Measurement Report" (PS3.16): an Image Library listing every exported instance and a
// Qualitative Evaluations container with the ICD-11 code (Coding Scheme Designator I11,
// PS3.16 Table 8-1, UID 1.2.840.10008.2.16.16, the MMS release as Coding Scheme Version),
// the region of interest and the contributor's other label. The Current Requested Procedure
// Evidence Sequence references the same instances, as PS3.3 C.17.2 asks.

const (
	comprehensiveSRClass = "1.2.840.10008.5.1.4.1.1.88.33"
	icd11SchemeUID       = "1.2.840.10008.2.16.16"
)

// srInstance is one referenced image.
type srInstance struct{ Study, Series, Class, Instance string }

// srCase is what the SR says about a case.
type srCase struct {
	ID, Code, Title, Release, Region, OtherLabel string
	// Updated dates the document: a date of the data, never the clock.
	Updated time.Time
	// First is the header of the case's first exported instance (Patient and Study modules).
	First     header
	Instances []srInstance
}

// srUIDs are the SR's own identifiers, derived from the case and its study.
func srUIDs(c srCase) (series, instance string) {
	study := c.First.String(tagOf(0x0020, 0x000D))
	return derivedUID("cassette sr series " + c.ID + " " + study), derivedUID("cassette sr instance " + c.ID + " " + study)
}

func code(value, scheme, version, meaning string) []element {
	e := []element{str(0x0008, 0x0100, "SH", value), str(0x0008, 0x0102, "SH", scheme), str(0x0008, 0x0104, "LO", clip(meaning, 64))}
	if version != "" {
		e = append(e, str(0x0008, 0x0103, "SH", version))
	}
	return e
}

// clip cuts s to n characters (LO holds 64, PS3.5 Table 6.2-1).
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func item(rel, valueType string, concept []element, value ...element) []element {
	e := []element{str(0x0040, 0xA010, "CS", rel), str(0x0040, 0xA040, "CS", valueType)}
	if concept != nil {
		e = append(e, seq(0x0040, 0xA043, concept))
	}
	return append(e, value...)
}

func container(rel string, concept []element, children ...[]element) []element {
	return item(rel, "CONTAINER", concept, str(0x0040, 0xA050, "CS", "SEPARATE"), seq(0x0040, 0xA730, children...))
}

// copied takes attribute tag from the case's first instance when its encoding can be reused
// as is (explicit VR, text in ASCII so that any character set reads it the same), or an empty
// Type 2 value of vr otherwise.
func copied(h header, tag uint32, vr string) element {
	if raw, ok := h.raw[tag]; ok && h.vr[tag] == vr {
		ascii := true
		// a sequence's value is binary (item tags, lengths): only text must be ASCII
		for _, c := range h.values[tag] {
			ascii = ascii && (c < 0x80 || vr == "SQ")
		}
		if ascii {
			return element{tag: tag, raw: raw}
		}
	}
	return element{tag: tag, vr: vr, val: []byte{}}
}

// buildSR writes the case's SR file.
func buildSR(c srCase) []byte {
	seriesUID, instanceUID := srUIDs(c)
	date, clock := c.Updated.UTC().Format("20060102"), c.Updated.UTC().Format("150405")

	// Evidence groups the references by study, then series, in the export's order.
	type seriesRefs struct {
		study, series string
		refs          [][]element
	}
	var groups []*seriesRefs
	var images [][]element
	for _, in := range c.Instances {
		ref := []element{str(0x0008, 0x1150, "UI", in.Class), str(0x0008, 0x1155, "UI", in.Instance)}
		images = append(images, item("CONTAINS", "IMAGE", nil, seq(0x0008, 0x1199, ref)))
		if n := len(groups); n == 0 || groups[n-1].study != in.Study || groups[n-1].series != in.Series {
			groups = append(groups, &seriesRefs{study: in.Study, series: in.Series})
		}
		groups[len(groups)-1].refs = append(groups[len(groups)-1].refs, ref)
	}
	var evidenceItems [][]element
	for i := 0; i < len(groups); {
		study := groups[i].study
		var seriesItems [][]element
		for ; i < len(groups) && groups[i].study == study; i++ {
			seriesItems = append(seriesItems, []element{str(0x0020, 0x000E, "UI", groups[i].series), seq(0x0008, 0x1199, groups[i].refs...)})
		}
		evidenceItems = append(evidenceItems, []element{str(0x0020, 0x000D, "UI", study), seq(0x0008, 0x1115, seriesItems...)})
	}

	evaluations := [][]element{
		item("CONTAINS", "CODE", code("121071", "DCM", "", "Finding"), seq(0x0040, 0xA168, code(c.Code, "I11", c.Release, c.Title))),
	}
	if c.Region != "" {
		evaluations = append(evaluations, item("CONTAINS", "TEXT", code("123014", "DCM", "", "Target Region"), str(0x0040, 0xA160, "UT", c.Region)))
	}
	if c.OtherLabel != "" {
		evaluations = append(evaluations, item("CONTAINS", "TEXT", code("121106", "DCM", "", "Comment"), str(0x0040, 0xA160, "UT", c.OtherLabel)))
	}

	content := [][]element{
		item("HAS CONCEPT MOD", "CODE", code("121049", "DCM", "", "Language of Content Item and Descendants"),
			seq(0x0040, 0xA168, code("en-US", "RFC5646", "", "English (United States)"))),
		item("HAS OBS CONTEXT", "CODE", code("121005", "DCM", "", "Observer Type"), seq(0x0040, 0xA168, code("121007", "DCM", "", "Device"))),
		item("HAS OBS CONTEXT", "UIDREF", code("121012", "DCM", "", "Device Observer UID"), str(0x0040, 0xA124, "UI", implementationClassUID)),
		item("HAS CONCEPT MOD", "CODE", code("121058", "DCM", "", "Procedure reported"),
			seq(0x0040, 0xA168, code("77477000", "SCT", "", "CT"))),
		container("CONTAINS", code("111028", "DCM", "", "Image Library"),
			container("CONTAINS", code("126200", "DCM", "", "Image Library Group"), images...)),
		container("CONTAINS", code("C0034375", "UMLS", "", "Qualitative Evaluations"), evaluations...),
	}

	h := c.First
	ds := []element{
		str(0x0008, 0x0005, "CS", "ISO_IR 192"),
		str(0x0008, 0x0016, "UI", comprehensiveSRClass),
		str(0x0008, 0x0018, "UI", instanceUID),
		str(0x0008, 0x0012, "DA", date), str(0x0008, 0x0013, "TM", clock),
		str(0x0008, 0x0023, "DA", date), str(0x0008, 0x0033, "TM", clock),
		copied(h, tagOf(0x0008, 0x0020), "DA"), copied(h, tagOf(0x0008, 0x0030), "TM"),
		copied(h, tagOf(0x0008, 0x0050), "SH"), copied(h, tagOf(0x0008, 0x0090), "PN"),
		str(0x0008, 0x0060, "CS", "SR"),
		str(0x0008, 0x0070, "LO", "Cassette"),
		seq(0x0008, 0x0110, []element{ // Coding Scheme Identification (PS3.3 C.12.1.1.2)
			str(0x0008, 0x0102, "SH", "I11"), str(0x0008, 0x0103, "SH", c.Release),
			str(0x0008, 0x010C, "UI", icd11SchemeUID), str(0x0008, 0x0115, "ST", "ICD-11 MMS"),
			str(0x0008, 0x0116, "ST", "WHO")}),
		str(0x0008, 0x103E, "LO", "Cassette research label"),
		seq(0x0008, 0x1111),
		copied(h, tagOf(0x0010, 0x0010), "PN"), copied(h, tagOf(0x0010, 0x0020), "LO"),
		copied(h, tagOf(0x0010, 0x0030), "DA"), copied(h, tagOf(0x0010, 0x0040), "CS"),
		str(0x0012, 0x0062, "CS", "YES"),
		str(0x0020, 0x000D, "UI", h.String(tagOf(0x0020, 0x000D))),
		str(0x0020, 0x000E, "UI", seriesUID),
		copied(h, tagOf(0x0020, 0x0010), "SH"),
		str(0x0020, 0x0011, "IS", "999"),
		str(0x0020, 0x0013, "IS", "1"),
		str(0x0040, 0xA040, "CS", "CONTAINER"),
		seq(0x0040, 0xA043, code("126000", "DCM", "", "Imaging Measurement Report")),
		str(0x0040, 0xA050, "CS", "SEPARATE"),
		str(0x0040, 0xA491, "CS", "COMPLETE"),
		str(0x0040, 0xA493, "CS", "UNVERIFIED"),
		seq(0x0040, 0xA372),
		seq(0x0040, 0xA375, evidenceItems...),
		seq(0x0040, 0xA504, []element{str(0x0008, 0x0105, "CS", "DCMR"), str(0x0040, 0xDB00, "CS", "1500")}),
		seq(0x0040, 0xA730, content...),
	}
	// The source's De-identification Method (Code Sequence) says how the referenced images were
	// de-identified; the SR carries no other identifying data.
	// PS3.3 C.7.1.1 asks for one of them when Patient Identity Removed is YES.
	copiedMethod := false
	for _, t := range []uint32{tagOf(0x0012, 0x0063), tagOf(0x0012, 0x0064)} {
		if _, ok := h.raw[t]; ok {
			ds = append(ds, copied(h, t, h.vr[t]))
			copiedMethod = true
		}
	}
	if !copiedMethod {
		ds = append(ds, str(0x0012, 0x0063, "LO", "Cassette export: labels only; images de-identified on the device"))
	}
	return part10(comprehensiveSRClass, instanceUID, ds)
}

// itoa is strconv.Itoa, short for the manifest.
var itoa = strconv.Itoa
