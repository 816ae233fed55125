// Package dicomtest builds small synthetic DICOM Part 10 files for tests, so no DICOM binary is
// ever committed. The default file is what Cassette's client uploads: a de-identified CT image
// (Patient Identity Removed YES, dummy or empty identifying attributes, shifted dates, no
// private attribute), written in Explicit VR Little Endian by github.com/suyashkumar/dicom.
package dicomtest

import (
	"bytes"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"
	"github.com/suyashkumar/dicom/pkg/uid"
)

// Option changes the dataset before it is written.
type Option func(ds *dicom.Dataset)

// CT writes a 4x4 de-identified CT image with opts applied, in order.
func CT(opts ...Option) ([]byte, error) {
	ds := dicom.Dataset{Elements: []*dicom.Element{
		mustElement(tag.MediaStorageSOPClassUID, []string{"1.2.840.10008.5.1.4.1.1.2"}),
		mustElement(tag.MediaStorageSOPInstanceUID, []string{"2.25.1234567890"}),
		mustElement(tag.TransferSyntaxUID, []string{uid.ExplicitVRLittleEndian}),
		mustElement(tag.SOPClassUID, []string{"1.2.840.10008.5.1.4.1.1.2"}),
		mustElement(tag.SOPInstanceUID, []string{"2.25.1234567890"}),
		mustElement(tag.StudyDate, []string{"20010203"}), // shifted by the client: allowed
		mustElement(tag.AccessionNumber, []string{""}),
		mustElement(tag.Modality, []string{"CT"}),
		mustElement(tag.ReferringPhysicianName, []string{""}),
		mustElement(tag.OperatorsName, []string{"ANONYMIZED"}), // X/Z/D: the client's dummy
		mustElement(tag.PatientName, []string{""}),             // Z: emptied
		mustElement(tag.PatientID, []string{"ANONYMIZED"}),     // Z/D: the client's dummy
		mustElement(tag.PatientBirthDate, []string{""}),
		mustElement(tag.PatientSex, []string{"F"}), // Retain Patient Characteristics
		mustElement(tag.PatientIdentityRemoved, []string{"YES"}),
		mustElement(tag.StudyInstanceUID, []string{"2.25.1111"}),
		mustElement(tag.SeriesInstanceUID, []string{"2.25.2222"}),
		mustElement(tag.StudyID, []string{""}),
		mustElement(tag.SamplesPerPixel, []int{1}),
		mustElement(tag.PhotometricInterpretation, []string{"MONOCHROME2"}),
		mustElement(tag.Rows, []int{4}),
		mustElement(tag.Columns, []int{4}),
		mustElement(tag.BitsAllocated, []int{16}),
		mustElement(tag.BitsStored, []int{12}),
		mustElement(tag.HighBit, []int{11}),
		mustElement(tag.PixelRepresentation, []int{0}),
	}}
	for _, o := range opts {
		o(&ds)
	}
	var out bytes.Buffer
	if err := dicom.Write(&out, ds, dicom.SkipVRVerification()); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Set replaces (or adds) the string attribute t with values.
func Set(t tag.Tag, values ...string) Option {
	return SetElement(mustElement(t, values))
}

// SetElement replaces (or adds) an element.
func SetElement(el *dicom.Element) Option {
	return func(ds *dicom.Dataset) {
		for i, e := range ds.Elements {
			if e.Tag == el.Tag {
				ds.Elements[i] = el
				return
			}
		}
		ds.Elements = append(ds.Elements, el)
	}
}

// Remove drops attribute t.
func Remove(t tag.Tag) Option {
	return func(ds *dicom.Dataset) {
		kept := ds.Elements[:0:0]
		for _, e := range ds.Elements {
			if e.Tag != t {
				kept = append(kept, e)
			}
		}
		ds.Elements = kept
	}
}

// Sequence is a sequence element t with one item per slice of elements.
func Sequence(t tag.Tag, items ...[]*dicom.Element) *dicom.Element {
	return mustElement(t, items)
}

// Text is a string element for a standard tag.
func Text(t tag.Tag, values ...string) *dicom.Element {
	return mustElement(t, values)
}

// Private is a private LO element (odd group), which suyashkumar/dicom's dictionary does not know.
func Private(group, element uint16, value string) *dicom.Element {
	v, err := dicom.NewValue([]string{value})
	if err != nil {
		panic(err)
	}
	return &dicom.Element{Tag: tag.Tag{Group: group, Element: element}, ValueRepresentation: tag.VRString,
		RawValueRepresentation: "LO", ValueLength: uint32(len(value)), Value: v}
}

func mustElement(t tag.Tag, data any) *dicom.Element {
	el, err := dicom.NewElement(t, data)
	if err != nil {
		panic(err)
	}
	return el
}
