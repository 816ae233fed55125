package research

import (
	"encoding/binary"
	"strconv"
)

// SyntheticSeries describes a generated CT series: no patient ever scanned, for tests and the
// export benchmark (a repository never holds real patient data).
type SyntheticSeries struct {
	Key                   string  // makes the UIDs: the same key gives the same files
	Slices, Rows, Columns int     // size of the volume
	PixelSpacing          float64 // mm, rows and columns
	SliceSpacing          float64 // mm between slice positions (and the slice thickness)
}

// Slice writes slice i (0-based) as a de-identified CT image the server accepts (Patient
// Identity Removed, dummy identifying values, the app's De-identification Method): a sphere
// of 60 HU in -1000 HU air whose radius changes along the volume, 12 bits stored.
func (s SyntheticSeries) Slice(i int) []byte {
	study, series := derivedUID("synthetic study "+s.Key), derivedUID("synthetic series "+s.Key)
	instance := derivedUID("synthetic instance " + s.Key + " " + strconv.Itoa(i))
	ds := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	pixels := make([]byte, 0, s.Rows*s.Columns*2)
	cz, r := float64(s.Slices)/2, float64(min(s.Rows, s.Columns))/3
	for y := 0; y < s.Rows; y++ {
		for x := 0; x < s.Columns; x++ {
			dx, dy, dz := float64(x)-float64(s.Columns)/2, float64(y)-float64(s.Rows)/2, (float64(i)-cz)*s.SliceSpacing/s.PixelSpacing
			v := uint16(24) // -1000 HU with intercept -1024
			if dx*dx+dy*dy+dz*dz < r*r {
				v = 1084 // 60 HU
			}
			pixels = binary.LittleEndian.AppendUint16(pixels, v)
		}
	}
	const ctClass = "1.2.840.10008.5.1.4.1.1.2"
	method := []element{str(0x0008, 0x0100, "SH", "113100"), str(0x0008, 0x0102, "SH", "DCM"), str(0x0008, 0x0104, "LO", "Basic Application Confidentiality Profile")}
	return part10(ctClass, instance, []element{
		str(0x0008, 0x0008, "CS", `ORIGINAL\PRIMARY\AXIAL`),
		str(0x0008, 0x0016, "UI", ctClass), str(0x0008, 0x0018, "UI", instance),
		str(0x0008, 0x0020, "DA", "20010203"), str(0x0008, 0x0030, "TM", "101500"),
		str(0x0008, 0x0050, "SH", ""), str(0x0008, 0x0060, "CS", "CT"), str(0x0008, 0x0090, "PN", ""),
		str(0x0010, 0x0010, "PN", ""), str(0x0010, 0x0020, "LO", "ANONYMIZED"), str(0x0010, 0x0030, "DA", ""),
		str(0x0010, 0x0040, "CS", "O"),
		str(0x0012, 0x0062, "CS", "YES"), str(0x0012, 0x0063, "LO", "Cassette: DICOM PS3.15 Annex E (2024b) Basic Profile"),
		seq(0x0012, 0x0064, method),
		str(0x0018, 0x0050, "DS", ds(s.SliceSpacing)),
		str(0x0020, 0x000D, "UI", study), str(0x0020, 0x000E, "UI", series),
		str(0x0020, 0x0010, "SH", ""), str(0x0020, 0x0011, "IS", "1"), str(0x0020, 0x0013, "IS", strconv.Itoa(i+1)),
		str(0x0020, 0x0032, "DS", `0\0\`+ds(float64(i)*s.SliceSpacing)),
		str(0x0020, 0x0037, "DS", `1\0\0\0\1\0`),
		us(0x0028, 0x0002, 1), str(0x0028, 0x0004, "CS", "MONOCHROME2"),
		us(0x0028, 0x0010, uint16(s.Rows)), us(0x0028, 0x0011, uint16(s.Columns)),
		str(0x0028, 0x0030, "DS", ds(s.PixelSpacing)+`\`+ds(s.PixelSpacing)),
		us(0x0028, 0x0100, 16), us(0x0028, 0x0101, 12), us(0x0028, 0x0102, 11), us(0x0028, 0x0103, 0),
		str(0x0028, 0x1050, "DS", "40"), str(0x0028, 0x1051, "DS", "400"),
		str(0x0028, 0x1052, "DS", "-1024"), str(0x0028, 0x1053, "DS", "1"),
		{tag: pixelDataTag, vr: "OW", val: pixels},
	})
}
