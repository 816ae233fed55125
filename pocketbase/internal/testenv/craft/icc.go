package craft

import (
	"encoding/binary"
	"unicode/utf16"
)

// ICCProfile builds an ICC v4 RGB display profile laid out as Skia writes the sRGB one that
// Chromium's canvas embeds in every JPEG (checked against a canvas JPEG of Chromium 156):
// desc and cprt as mluc, the primaries and white point as XYZ, one shared para curve.
// description and copyright are what the two text tags say.
func ICCProfile(description, copyright string) []byte {
	xyz := func(x, y, z uint32) []byte { return be("XYZ ", 0, x, y, z) }
	curve := append(be("para", 0), 0, 4, 0, 0)
	curve = append(curve, be32(0x26666, 0xF2A7, 0x0D59, 0x13D0, 0x0A5B, 0, 0)...)
	tags := []struct {
		sig  string
		data []byte
	}{
		{"desc", mluc(description)}, {"rXYZ", xyz(0x6FA2, 0x38F5, 0x0390)},
		{"gXYZ", xyz(0x6299, 0xB785, 0x18DA)}, {"bXYZ", xyz(0x24A0, 0x0F84, 0xB6CF)},
		{"wtpt", xyz(0xF6D6, 0x10000, 0xD32D)}, {"rTRC", curve}, {"cprt", mluc(copyright)},
	}
	header := make([]byte, 128)
	copy(header[8:], []byte{4, 0x30, 0, 0})
	copy(header[12:], "mntrRGB XYZ ")
	copy(header[36:], "acsp")
	copy(header[68:], be32(0xF6D6, 0x10000, 0xD32D))
	table := be32(uint32(len(tags)))
	var body []byte
	offset := 128 + 4 + 12*len(tags)
	for _, t := range tags {
		table = append(table, t.sig...)
		table = append(table, be32(uint32(offset+len(body)), uint32(len(t.data)))...)
		body = append(body, t.data...)
		for len(body)%4 != 0 {
			body = append(body, 0) // tags start on 4-byte boundaries (ICC.1:2010 §7.3.1)
		}
	}
	p := append(append(header, table...), body...)
	binary.BigEndian.PutUint32(p, uint32(len(p)))
	return p
}

// WithICC inserts the profile as one APP2 ICC_PROFILE segment after SOI (and after a JFIF
// APP0 when there is one, as libjpeg-turbo orders them).
func WithICC(jpg, profile []byte) []byte {
	at := 2
	if jpg[3] == 0xE0 {
		at += 2 + int(binary.BigEndian.Uint16(jpg[4:]))
	}
	return insertAt(jpg, at, jpegSegment(0xE2, "ICC_PROFILE\x00\x01\x01"+string(profile)))
}

// mluc is a multiLocalizedUnicode tag with one en-US record.
func mluc(text string) []byte {
	var s []byte
	for _, u := range utf16.Encode([]rune(text)) {
		s = binary.BigEndian.AppendUint16(s, u)
	}
	t := be("mluc", 0, 1, 12)
	t = append(t, "enUS"...)
	t = append(t, be32(uint32(len(s)), 28)...)
	return append(t, s...)
}

// be is a 4-character type signature followed by big-endian 32-bit values.
func be(sig string, values ...uint32) []byte {
	return append([]byte(sig), be32(values...)...)
}

func be32(values ...uint32) []byte {
	var b []byte
	for _, v := range values {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}
