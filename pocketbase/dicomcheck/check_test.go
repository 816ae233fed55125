package dicomcheck_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"

	"cassette/pocketbase/dicomcheck"
	"cassette/pocketbase/dicomcheck/dicomtest"
)

// patientName is a value forced into files; no message may ever repeat it.
const patientName = "DOE^JANE"

func TestCheck(t *testing.T) {
	nested := func(inner ...*dicom.Element) dicomtest.Option {
		// Referenced Image Sequence (X/Z/U*) keeps its items; inside, a code sequence the profile does not list.
		return dicomtest.SetElement(dicomtest.Sequence(tag.ReferencedImageSequence, []*dicom.Element{
			dicomtest.Text(tag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2"),
			dicomtest.Sequence(tag.PurposeOfReferenceCodeSequence, append([]*dicom.Element{dicomtest.Text(tag.CodeValue, "121311")}, inner...)),
		}))
	}
	cases := []struct {
		name     string
		opts     []dicomtest.Option
		code     string // "" when the file must pass
		mentions string
	}{
		{name: "de-identified CT passes"},
		{name: "dates shifted by the client and a nested sequence of allowed attributes pass", opts: []dicomtest.Option{
			dicomtest.Set(tag.SeriesDate, "20010203"), nested()}},
		{name: "missing Patient Identity Removed", opts: []dicomtest.Option{dicomtest.Remove(tag.PatientIdentityRemoved)},
			code: dicomcheck.CodeIdentityNotRemoved, mentions: "(0012,0062)"},
		{name: "Patient Identity Removed NO", opts: []dicomtest.Option{dicomtest.Set(tag.PatientIdentityRemoved, "NO")},
			code: dicomcheck.CodeIdentityNotRemoved, mentions: "(0012,0062)"},
		{name: "a patient name forced in", opts: []dicomtest.Option{dicomtest.Set(tag.PatientName, patientName)},
			code: dicomcheck.CodeIdentifyingValue, mentions: "PatientName (0010,0010)"},
		{name: "the client's dummy where the profile says Z is refused", opts: []dicomtest.Option{dicomtest.Set(tag.PatientName, "ANONYMIZED")},
			code: dicomcheck.CodeIdentifyingValue, mentions: "PatientName (0010,0010)"},
		{name: "a patient ID that is not the dummy", opts: []dicomtest.Option{dicomtest.Set(tag.PatientID, "123456")},
			code: dicomcheck.CodeIdentifyingValue, mentions: "PatientID (0010,0020)"},
		{name: "an accession number", opts: []dicomtest.Option{dicomtest.Set(tag.AccessionNumber, "A99")},
			code: dicomcheck.CodeIdentifyingValue, mentions: "AccessionNumber (0008,0050)"},
		{name: "a patient name inside a nested sequence", opts: []dicomtest.Option{nested(dicomtest.Text(tag.PatientName, patientName))},
			code: dicomcheck.CodeIdentifyingValue, mentions: "PatientName (0010,0010) inside PurposeOfReferenceCodeSequence (0040,A170) inside ReferencedImageSequence (0008,1140)"},
		{name: "Other Patient IDs Sequence with an item", opts: []dicomtest.Option{dicomtest.SetElement(dicomtest.Sequence(tag.OtherPatientIDsSequence,
			[]*dicom.Element{dicomtest.Text(tag.PatientID, "ANONYMIZED")}))},
			code: dicomcheck.CodeIdentifyingValue, mentions: "OtherPatientIDsSequence (0010,1002)"},
		{name: "a private tag at the top level", opts: []dicomtest.Option{dicomtest.SetElement(dicomtest.Private(0x0009, 0x0010, "ACME"))},
			code: dicomcheck.CodePrivateTag, mentions: "(0009,0010)"},
		{name: "a private tag in a nested sequence", opts: []dicomtest.Option{nested(dicomtest.Private(0x0029, 0x1010, patientName))},
			code: dicomcheck.CodePrivateTag, mentions: "(0029,1010) inside PurposeOfReferenceCodeSequence"},
		{name: "overlay data", opts: []dicomtest.Option{dicomtest.Set(tag.Tag{Group: 0x6000, Element: 0x0022}, "burned in")},
			code: dicomcheck.CodeOverlayOrCurve, mentions: "(6000,0022)"},
		{name: "MR modality", opts: []dicomtest.Option{dicomtest.Set(tag.Modality, "MR")},
			code: dicomcheck.CodeNotCT, mentions: "Modality (0008,0060)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file, err := dicomtest.CT(c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			expect(t, dicomcheck.Check(bytes.NewReader(file), int64(len(file))), c.code, c.mentions)
		})
	}
}

func TestCheckNotPart10(t *testing.T) {
	file, err := dicomtest.CT()
	if err != nil {
		t.Fatal(err)
	}
	noMagic := bytes.Clone(file)
	copy(noMagic[128:], "DICN")
	preambleText := bytes.Clone(file)
	copy(preambleText[8:], "DOE^JANE 1970-01-01")
	preambleTail := bytes.Clone(file)
	preambleTail[127] = 1
	truncated := file[:len(file)-37] // cut inside an element, not between two
	garbage := append(bytes.Clone(file[:132]), bytes.Repeat([]byte{0xFF}, 64)...)
	for name, c := range map[string]struct {
		data []byte
		code string
	}{
		"no DICM prefix":           {noMagic, dicomcheck.CodeNotPart10},
		"shorter than a preamble":  {file[:100], dicomcheck.CodeNotPart10},
		"an empty file":            {nil, dicomcheck.CodeNotPart10},
		"a JPEG":                   {[]byte("\xFF\xD8\xFF\xE0" + strings.Repeat("x", 200)), dicomcheck.CodeNotPart10},
		"truncated":                {truncated, dicomcheck.CodeUnparseable},
		"garbage after DICM":       {garbage, dicomcheck.CodeUnparseable},
		"text in the preamble":     {preambleText, dicomcheck.CodePreambleNotZero},
		"one byte in the preamble": {preambleTail, dicomcheck.CodePreambleNotZero},
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, dicomcheck.Check(bytes.NewReader(c.data), int64(len(c.data))), c.code, "")
		})
	}
}

func expect(t *testing.T, err error, code, mentions string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("Check = %v, want nil", err)
		}
		return
	}
	var p *dicomcheck.Problem
	if !errors.As(err, &p) {
		t.Fatalf("Check = %v, want a *Problem with code %s", err, code)
	}
	if p.Code != code {
		t.Errorf("code = %s (%s), want %s", p.Code, p.Message, code)
	}
	if !strings.Contains(p.Message, mentions) {
		t.Errorf("message %q does not mention %q", p.Message, mentions)
	}
	if strings.Contains(p.Message, "DOE") || strings.Contains(p.Message, "JANE") {
		t.Errorf("message %q repeats a DICOM value", p.Message)
	}
}
