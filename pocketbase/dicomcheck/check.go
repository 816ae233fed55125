package dicomcheck

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"
)

// Problem is why a file is refused. Code is stable (for clients and tests); Message is
// English and names attributes by keyword and tag, never by value.
type Problem struct {
	Code    string
	Message string
}

func (p *Problem) Error() string { return p.Message }

func problem(code, format string, args ...any) *Problem {
	return &Problem{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Problem codes.
const (
	CodeNotPart10          = "dicom_not_part10"
	CodeUnparseable        = "dicom_unparseable"
	CodeIdentityNotRemoved = "dicom_identity_not_removed"
	CodeIdentifyingValue   = "dicom_identifying_value"
	CodePrivateTag         = "dicom_private_tag"
	CodeOverlayOrCurve     = "dicom_overlay_or_curve"
	CodeNotCT              = "dicom_not_ct"
	CodePreambleNotZero    = "dicom_preamble_not_zero"
)

// preambleLen is the Part 10 preamble before "DICM" (PS3.10 §7.1).
const preambleLen = 128

// Check reads a DICOM file of size bytes from r and returns nil when the server accepts it,
// or a *Problem saying why not. The file is read twice: once to check every element's length
// (prescan.go), then by the parser, which skips Pixel Data.
func Check(r io.ReadSeeker, size int64) error {
	head := make([]byte, preambleLen+4)
	if _, err := io.ReadFull(r, head); err != nil || size < preambleLen+4 {
		return problem(CodeNotPart10, "Not a DICOM Part 10 file: it is shorter than the 128-byte preamble and the DICM prefix (PS3.10 §7.1).")
	}
	if !bytes.Equal(head[preambleLen:], []byte("DICM")) {
		return problem(CodeNotPart10, "Not a DICOM Part 10 file: no DICM prefix after the 128-byte preamble (PS3.10 §7.1).")
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return problem(CodeUnparseable, "The DICOM file could not be read.")
	}
	switch err := prescan(io.LimitReader(r, size), size); {
	case errors.Is(err, errDeflated):
		return problem(CodeUnparseable, "Deflated transfer syntaxes are not accepted: the app uploads Explicit VR Little Endian.")
	case err != nil:
		return problem(CodeUnparseable, "The DICOM file could not be parsed: an element's length runs past the end of the file or of its sequence (truncated or corrupt).")
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return problem(CodeUnparseable, "The DICOM file could not be read.")
	}
	ds, err := parse(bufio.NewReader(io.LimitReader(r, size)), size)
	if err != nil {
		// The library's error may quote element values: it is not passed on.
		return problem(CodeUnparseable, "The DICOM file could not be parsed: its header is malformed or truncated.")
	}
	if _, err := ds.FindElementByTag(tag.TransferSyntaxUID); err != nil {
		return problem(CodeNotPart10, "Not a DICOM Part 10 file: the file meta information has no Transfer Syntax UID (0002,0010) (PS3.10 §7.1).")
	}
	if p := walk(ds.Elements, ""); p != nil {
		return p
	}
	if textOf(ds, tag.PatientIdentityRemoved) != "YES" {
		return problem(CodeIdentityNotRemoved, "Patient Identity Removed (0012,0062) must be YES: the file is not marked as de-identified (PS3.15 §E.1).")
	}
	if m := textOf(ds, tag.Modality); m != "CT" {
		return problem(CodeNotCT, "Only CT is kept for research: Modality (0008,0060) is not CT.")
	}
	// Checked last so a file that also carries identifying attributes is told about those
	// first, by name.
	if !allZero(head[:preambleLen]) {
		return problem(CodePreambleNotZero, "The 128-byte preamble before DICM must be all zeros: it is free for applications (PS3.10 §7.1) and can carry identifying text; the app writes zeros.")
	}
	return nil
}

func allZero(b []byte) bool {
	for _, v := range b {
		if v != 0 {
			return false
		}
	}
	return true
}

// parse runs the library with a recover: bad input is normal input and must not crash the server.
func parse(r io.Reader, size int64) (ds dicom.Dataset, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("dicom parser panic: %v", v)
		}
	}()
	return dicom.Parse(r, size, nil, dicom.SkipPixelData())
}

// textOf is the trimmed first value of a string element, "" when absent.
func textOf(ds dicom.Dataset, t tag.Tag) string {
	el, err := ds.FindElementByTag(t)
	if err != nil || el.Value == nil || el.Value.ValueType() != dicom.Strings {
		return ""
	}
	values, _ := el.Value.GetValue().([]string)
	if len(values) == 0 {
		return ""
	}
	return strings.Trim(values[0], " \x00")
}

// walk checks every element at every depth; where names the enclosing sequences for messages.
func walk(elements []*dicom.Element, where string) *Problem {
	for _, el := range elements {
		if p := checkElement(el, where); p != nil {
			return p
		}
		if el.Value == nil || el.Value.ValueType() != dicom.Sequences {
			continue
		}
		items, _ := el.Value.GetValue().([]*dicom.SequenceItemValue)
		inside := fmt.Sprintf(" inside %s%s", label(el.Tag, ""), where)
		for _, item := range items {
			children, _ := item.GetValue().([]*dicom.Element)
			if p := walk(children, inside); p != nil {
				return p
			}
		}
	}
	return nil
}

func checkElement(el *dicom.Element, where string) *Problem {
	t := el.Tag
	if t.Group&1 == 1 {
		// Every private attribute is removed by the client; Retain Safe Private is not used (PS3.15 §E.3.10).
		return problem(CodePrivateTag, "Private attribute (%04X,%04X)%s is not allowed: de-identified files carry no private attributes (PS3.15 Table E.1-1).", t.Group, t.Element, where)
	}
	if g := t.Group & 0xFF00; g == 0x5000 || g == 0x6000 {
		// The client removes every overlay and curve group (PS3.5 §7.6, PS3.15 §E.3.3).
		return problem(CodeOverlayOrCurve, "Overlay or curve attribute (%04X,%04X)%s is not allowed: overlays can hold burned-in identifying text.", t.Group, t.Element, where)
	}
	row, listed := rowFor(uint32(t.Group)<<16 | uint32(t.Element))
	if !listed {
		return nil
	}
	isSequence := el.Value != nil && el.Value.ValueType() == dicom.Sequences
	switch requirementOf(row, isSequence) {
	case mustBeEmpty:
		if !isEmpty(el) {
			return problem(CodeIdentifyingValue, "%s%s must be empty or absent in a de-identified file (PS3.15 Table E.1-1, action %s).", label(t, row.Keyword), where, row.Basic)
		}
	case emptyOrDummy:
		if !isEmpty(el) && !isDummy(el) {
			return problem(CodeIdentifyingValue, "%s%s must be empty, absent or a dummy value in a de-identified file (PS3.15 Table E.1-1, action %s).", label(t, row.Keyword), where, row.Basic)
		}
	}
	return nil
}

// label names an attribute "Keyword (gggg,eeee)", the keyword from the dictionary when known.
func label(t tag.Tag, keyword string) string {
	if keyword == "" {
		if info, err := tag.Find(t); err == nil {
			keyword = info.Keyword
		}
	}
	if keyword == "" {
		return fmt.Sprintf("(%04X,%04X)", t.Group, t.Element)
	}
	return fmt.Sprintf("%s (%04X,%04X)", keyword, t.Group, t.Element)
}

// isEmpty: zero length, blank text, or a sequence without items.
func isEmpty(el *dicom.Element) bool {
	if el.Value == nil {
		return true
	}
	switch v := el.Value.GetValue().(type) {
	case []string:
		return strings.Trim(strings.Join(v, ""), " \x00") == ""
	case []byte:
		return len(v) == 0
	case []int:
		return len(v) == 0
	case []float64:
		return len(v) == 0
	case []*dicom.SequenceItemValue:
		return len(v) == 0
	}
	return el.ValueLength == 0
}

// isDummy reports whether el holds the client's action-D dummy (plan.ts): the VR's dummy text
// for string VRs, any UID for UI (the client replaces it), zeros for binary VRs.
func isDummy(el *dicom.Element) bool {
	vr := el.RawValueRepresentation
	if vr == "UI" {
		return true
	}
	switch v := el.Value.GetValue().(type) {
	case []string:
		want, ok := dummies[vr]
		if !ok {
			return false
		}
		for _, s := range v {
			if s = strings.Trim(s, " \x00"); s != "" && s != want {
				return false
			}
		}
		return true
	case []byte:
		return bytes.Count(v, []byte{0}) == len(v)
	case []int:
		for _, n := range v {
			if n != 0 {
				return false
			}
		}
		return true
	case []float64:
		for _, f := range v {
			if f != 0 {
				return false
			}
		}
		return true
	}
	return false
}
