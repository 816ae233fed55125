package hooks

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf16"
)

// iccHeaderLen is the fixed ICC profile header; its bytes 100–127 are reserved and zero
// (ICC.1:2010 §7.2).
const iccHeaderLen = 128

// jpegICCPrefix starts an APP2 segment holding an ICC profile, then the chunk's sequence
// number and the number of chunks (ICC.1:2010 Annex B.4).
var jpegICCPrefix = []byte("ICC_PROFILE\x00")

// standardICCTexts are the only texts an accepted profile may hold: the names and copyright
// lines of standard colour spaces as browsers embed them. Chromium's canvas writes Skia's
// sRGB profile ("sRGB", "Google Inc. 2016") into every JPEG it encodes, so an honest upload
// carries one; a description or copyright with any other text can name anyone.
var standardICCTexts = map[string]bool{
	"sRGB": true, "Google Inc. 2016": true, // Skia (Chromium); skcms_Transform's sRGB
	"Display P3": true, "Rec2020": true, "AdobeRGB": true, "Linear sRGB": true,
	"sRGB IEC61966-2.1": true, "sRGB IEC61966-2-1 black scaled": true,
	"Copyright International Color Consortium, 2009": true, "Copyright (c) 1998 Hewlett-Packard Company": true,
	"Copyright Apple Inc., 2017": true, "Copyright Apple Inc., 2022": true,
	"No copyright, use freely": true, "Public Domain": true, "CC0": true,
}

// iccNumericTypes hold only numbers (ICC.1:2010 §10): colorants, curves, matrices, LUTs.
var iccNumericTypes = map[string]bool{
	"XYZ ": true, "curv": true, "para": true, "sf32": true, "chrm": true, "sig ": true,
	"mft1": true, "mft2": true, "mAB ": true, "mBA ": true, "meas": true, "view": true,
}

// checkJPEGICC accepts an APP2 payload that is a complete ICC profile in one chunk whose every
// text is a standard colour space's name or copyright, and with no other bytes hidden in it.
func checkJPEGICC(payload []byte) *rasterProblem {
	refused := rasterIssue("image_metadata", "The JPEG carries an ICC colour profile (APP2) that is not a standard colour space's profile: its texts are free and can identify someone; upload the image re-encoded by the app.")
	if !bytes.HasPrefix(payload, jpegICCPrefix) || len(payload) < len(jpegICCPrefix)+2+iccHeaderLen+4 {
		return refused
	}
	if seq, count := payload[len(jpegICCPrefix)], payload[len(jpegICCPrefix)+1]; seq != 1 || count != 1 {
		return refused // canvas profiles fit in one segment
	}
	if !standardICCProfile(payload[len(jpegICCPrefix)+2:]) {
		return refused
	}
	return nil
}

// standardICCProfile is true when every tag of the profile is numeric or a standard text, and
// every byte outside the header, the tag table and the tags is zero (padding).
func standardICCProfile(p []byte) bool {
	if int(binary.BigEndian.Uint32(p)) != len(p) || string(p[36:40]) != "acsp" {
		return false
	}
	covered := make([]bool, len(p))
	mark := func(from, to int) {
		for i := from; i < to; i++ {
			covered[i] = true
		}
	}
	mark(0, 100) // 100–127: reserved, must stay zero
	count := int(binary.BigEndian.Uint32(p[iccHeaderLen:]))
	table := iccHeaderLen + 4
	if count > 100 || table+12*count > len(p) {
		return false
	}
	mark(iccHeaderLen, table+12*count)
	for t := 0; t < count; t++ {
		entry := p[table+12*t:]
		offset, size := int(binary.BigEndian.Uint32(entry[4:])), int(binary.BigEndian.Uint32(entry[8:]))
		if size < 8 || offset < table || offset > len(p)-size {
			return false
		}
		tag := p[offset : offset+size]
		kind := string(tag[:4])
		if !iccNumericTypes[kind] && !standardICCText(kind, tag) {
			return false
		}
		mark(offset, offset+size)
	}
	for i, b := range p {
		if b != 0 && !covered[i] {
			return false
		}
	}
	return true
}

// standardICCText decodes a text tag (text, desc, mluc; ICC.1:2010 §10.13, §10.20, ICC.1:2001
// §6.5.17) and is true when every string in it is a standard one (or empty).
func standardICCText(kind string, tag []byte) bool {
	ok := func(s string) bool { return s == "" || standardICCTexts[s] }
	switch kind {
	case "text":
		return ok(strings.TrimRight(string(tag[8:]), "\x00"))
	case "desc":
		if len(tag) < 12 {
			return false
		}
		n := int(binary.BigEndian.Uint32(tag[8:]))
		rest := tag[12:]
		if n > len(rest) || !ok(strings.TrimRight(string(rest[:n]), "\x00")) {
			return false
		}
		rest = rest[n:]
		if len(rest) < 8 {
			return len(bytes.Trim(rest, "\x00")) == 0
		}
		units := int(binary.BigEndian.Uint32(rest[4:]))
		rest = rest[8:]
		if 2*units > len(rest) || !ok(utf16Text(rest[:2*units])) {
			return false
		}
		// ScriptCode: code (2), count (1), then 67 bytes holding zeros or the same name
		script := rest[2*units:]
		if len(script) >= 3 {
			script = script[3:]
		}
		return ok(strings.TrimRight(string(script), "\x00"))
	case "mluc":
		if len(tag) < 16 {
			return false
		}
		records, recordSize := int(binary.BigEndian.Uint32(tag[8:])), int(binary.BigEndian.Uint32(tag[12:]))
		if recordSize < 12 || records > 64 || 16+records*recordSize > len(tag) {
			return false
		}
		for r := 0; r < records; r++ {
			rec := tag[16+r*recordSize:]
			length, offset := int(binary.BigEndian.Uint32(rec[4:])), int(binary.BigEndian.Uint32(rec[8:]))
			if offset > len(tag) || length > len(tag)-offset || !ok(utf16Text(tag[offset:offset+length])) {
				return false
			}
		}
		return true
	}
	return false
}

func utf16Text(b []byte) string {
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = binary.BigEndian.Uint16(b[2*i:])
	}
	return strings.TrimRight(string(utf16.Decode(units)), "\x00")
}
