package hooks

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// JPEG markers (ITU-T T.81 Table B.1).
const (
	jpegSOF0, jpegSOF1, jpegSOF2 = 0xC0, 0xC1, 0xC2
	jpegDHT                      = 0xC4
	jpegRST0, jpegRST7           = 0xD0, 0xD7
	jpegSOI, jpegEOI, jpegSOS    = 0xD8, 0xD9, 0xDA
	jpegDQT, jpegDRI             = 0xDB, 0xDD
	jpegAPP0, jpegAPP1, jpegAPP2 = 0xE0, 0xE1, 0xE2
	jpegAPP15, jpegCOM           = 0xEF, 0xFE
)

// jfifAPP0Len is the length of the only APP0 a canvas encoder (libjpeg-turbo in Chromium and
// Firefox) writes: "JFIF\0", version, density units and densities, and a 0×0 thumbnail
// (JFIF 1.02); a longer one carries a thumbnail or an extension.
const jfifAPP0Len = 16

// plainJPEGMarkers are the segments a plain baseline, extended or progressive encoder emits
// besides SOI/EOI/SOS, APP0 JFIF and APP2 ICC (Go's image/jpeg; libjpeg-turbo as Chromium's
// canvas uses it, which adds Skia's sRGB profile: images_validation_icc.go). Everything else —
// APP1 Exif/XMP, APP13 IPTC, APP14, the other APPn, COM, the arithmetic and lossless SOFs, DNL,
// DHP, EXP, JPG extensions — no honest client of Cassette sends: the app re-encodes every
// image through a canvas.
var plainJPEGMarkers = map[byte]bool{jpegSOF0: true, jpegSOF1: true, jpegSOF2: true, jpegDHT: true, jpegDQT: true, jpegDRI: true}

// checkJPEGSegments walks the whole file, marker by marker and through every scan's
// entropy-coded data (T.81 §B.1.1), so a segment placed after the first scan is seen too, and
// requires End of Image to be the last two bytes. A sequential scan is decoded to its last
// block (images_validation_jpeg_scan.go), so nothing hides between it and the next marker;
// a progressive scan (which the app never sends) is only walked.
func checkJPEGSegments(data []byte) *rasterProblem {
	truncated := rasterIssue("image_undecodable", "The JPEG image is truncated or corrupt (it ends before its End of Image marker).")
	if len(data) < 4 || data[0] != 0xFF || data[1] != jpegSOI {
		return truncated
	}
	seenScan := false
	var frame jpegFrame
	for i := 2; ; {
		if i >= len(data) {
			return truncated
		}
		if data[i] != 0xFF {
			return rasterIssue("image_undecodable", "The JPEG image is corrupt: bytes where a marker should start.")
		}
		for i+1 < len(data) && data[i+1] == 0xFF {
			i++ // fill bytes before a marker (T.81 §B.1.1.2)
		}
		if i+1 >= len(data) {
			return truncated
		}
		marker := data[i+1]
		if marker == jpegEOI {
			if !seenScan {
				return rasterIssue("image_undecodable", "The JPEG image has no image data (End of Image before any scan).")
			}
			if i+2 != len(data) {
				return rasterIssue("image_trailing_data", "The JPEG image has %d bytes after its End of Image marker; upload the image re-encoded by the app.", len(data)-i-2)
			}
			return nil
		}
		if i+4 > len(data) {
			return truncated
		}
		length := int(binary.BigEndian.Uint16(data[i+2:]))
		end := i + 2 + length
		if length < 2 || end > len(data) {
			return rasterIssue("image_undecodable", "The JPEG image is corrupt (a segment runs past the end of the file).")
		}
		payload := data[i+4 : end]
		if p := checkJPEGMarker(marker, payload); p != nil {
			return p
		}
		if frame.record(marker, payload) != nil {
			return rasterIssue("image_undecodable", "The JPEG image is corrupt (a frame header or table is malformed).")
		}
		i = end
		if marker == jpegSOS {
			seenScan = true
			next := skipEntropyData(data, i)
			if !frame.progressive {
				scanEnd, err := frame.scanEnd(payload, data, i)
				if err != nil {
					return rasterIssue("image_undecodable", "The JPEG image is truncated or corrupt (its image data ends before the last block).")
				}
				if next > scanEnd {
					return rasterIssue("image_trailing_data", "The JPEG image has %d bytes after its image data, before the next marker; upload the image re-encoded by the app.", next-scanEnd)
				}
			}
			i = next
		}
	}
}

// checkJPEGMarker accepts one segment (marker and payload) of a plain JPEG.
func checkJPEGMarker(marker byte, payload []byte) *rasterProblem {
	switch {
	case marker == jpegSOS || plainJPEGMarkers[marker]:
		return nil
	case marker == jpegAPP0:
		if len(payload)+2 == jfifAPP0Len && bytes.HasPrefix(payload, []byte("JFIF\x00")) && payload[12] == 0 && payload[13] == 0 {
			return nil
		}
		return rasterIssue("image_metadata", "The JPEG carries an APP0 segment other than a plain JFIF header (a thumbnail or an extension), which can hold identifying content; upload the image re-encoded by the app.")
	case marker == jpegAPP2 && bytes.HasPrefix(payload, jpegICCPrefix):
		return checkJPEGICC(payload)
	case marker >= jpegAPP0 && marker <= jpegAPP15:
		what := fmt.Sprintf("an APP%d metadata segment", marker-jpegAPP0)
		switch marker {
		case jpegAPP1:
			what = "an EXIF/XMP (APP1) metadata segment"
		case jpegAPP2:
			what = "a FlashPix (APP2) segment"
		}
		return rasterIssue("image_metadata", "The JPEG carries %s, which can hold identifying text; upload the image re-encoded by the app.", what)
	case marker == jpegCOM:
		return rasterIssue("image_metadata", "The JPEG carries a comment (COM) segment, which can hold identifying text; upload the image re-encoded by the app.")
	default:
		return rasterIssue("image_metadata", "The JPEG carries a segment (marker 0x%02X) that no plain JPEG encoder writes; upload the image re-encoded by the app.", marker)
	}
}

// skipEntropyData returns the offset of the first marker after a scan's entropy-coded data,
// where 0xFF is followed by 0x00 (a stuffed byte) or RST0–RST7 (restart intervals); any other
// marker ends the scan (T.81 §B.1.1.5, §F.1.2.3). len(data) when the file ends first.
func skipEntropyData(data []byte, i int) int {
	for {
		j := bytes.IndexByte(data[i:], 0xFF)
		if j < 0 || i+j+1 >= len(data) {
			return len(data)
		}
		i += j
		next := data[i+1]
		if next == 0x00 || (next >= jpegRST0 && next <= jpegRST7) {
			i += 2
			continue
		}
		return i
	}
}
