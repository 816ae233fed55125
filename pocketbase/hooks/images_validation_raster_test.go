package hooks

import (
	"bytes"
	"encoding/binary"
	"testing"

	"cassette/pocketbase/internal/testenv/craft"
)

// These unit tests run on files crafted in memory (internal/testenv/craft);
// images_validation_test.go sends some of them through the API.

func TestCheckRaster(t *testing.T) {
	t.Parallel()
	jpg, pngb := craft.JPEG(64, 48), craft.PNG(64, 48)
	cases := []struct {
		name string
		data []byte
		code string // "" when accepted
	}{
		{"a JPEG", jpg, ""},
		{"a PNG", pngb, ""},
		{"a JPEG of 4096 px", craft.JPEG(MaxImageSide, 8), ""},
		{"a colour 4:2:0 JPEG full of stuffed bytes", craft.ColourJPEG(333, 97), ""},
		{"a colour JPEG of 1 px", craft.ColourJPEG(1, 1), ""},
		{"a colour JPEG of 17×9 px", craft.ColourJPEG(17, 9), ""},
		{"a grey JPEG of 9×17 px", craft.JPEG(9, 17), ""},
		{"a JPEG with text between its image data and EOI", craft.WithTextBeforeEOI(jpg, "Jane Doe 1970-01-01"), "image_trailing_data"},
		{"a colour JPEG with text between its image data and EOI", craft.WithTextBeforeEOI(craft.ColourJPEG(64, 48), "Jane"), "image_trailing_data"},
		{"a JPEG with JFIF APP0, as a canvas writes it", craft.WithJFIF(jpg), ""},
		{"a JPEG with a JFIF thumbnail", craft.WithJPEGSegment(jpg, 0xE0, "JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x01\x01Jan"), "image_metadata"},
		{"a JPEG with a JFXX extension", craft.WithJPEGSegment(jpg, 0xE0, "JFXX\x00\x10Jane Doe"), "image_metadata"},
		{"an ELF executable", craft.ELF(), "image_executable"},
		{"a PE executable", craft.PE(), "image_executable"},
		{"text", []byte("hello, this is not an image"), "image_not_jpeg_png"},
		{"an empty file", nil, "image_not_jpeg_png"},
		{"a truncated JPEG", jpg[:len(jpg)/2], "image_undecodable"},
		{"a JPEG cut inside its header", jpg[:20], "image_undecodable"},
		{"a JPEG with data after EOI", append(bytes.Clone(jpg), "PK\x03\x04 hidden archive"...), "image_trailing_data"},
		{"a JPEG with a trailer after EOI ending in FF D9", craft.WithTrailerAfterEOI(jpg, "Jane Doe 1970-01-01"), "image_trailing_data"},
		{"a JPEG with zero padding after EOI", append(bytes.Clone(jpg), 0, 0, 0, 0), "image_trailing_data"},
		{"a JPEG with EXIF after the scan", craft.WithJPEGSegmentAfterScan(jpg, 0xE1, "Exif\x00\x00MM\x00*Artist: Jane Doe"), "image_metadata"},
		{"a JPEG with a comment after the scan", craft.WithJPEGSegmentAfterScan(jpg, 0xFE, "Jane Doe 1970-01-01"), "image_metadata"},
		{"a JPEG with XMP after the scan", craft.WithJPEGSegmentAfterScan(jpg, 0xE1, "http://ns.adobe.com/xap/1.0/\x00<dc:creator>Jane Doe</dc:creator>"), "image_metadata"},
		{"a JPEG as Chromium's canvas writes it (JFIF, Skia's sRGB profile)", craft.WithICC(craft.WithJFIF(jpg), craft.ICCProfile("sRGB", "Google Inc. 2016")), ""},
		{"a JPEG with a Display P3 profile", craft.WithICC(jpg, craft.ICCProfile("Display P3", "Google Inc. 2016")), ""},
		{"a JPEG whose ICC profile is described with a name", craft.WithICC(jpg, craft.ICCProfile("Jane Doe 1970-01-01", "Google Inc. 2016")), "image_metadata"},
		{"a JPEG whose ICC copyright is a name", craft.WithICC(jpg, craft.ICCProfile("sRGB", "Jane Doe")), "image_metadata"},
		{"a JPEG whose ICC profile hides bytes after its tags", craft.WithICC(jpg, withHiddenBytes(craft.ICCProfile("sRGB", "Google Inc. 2016"))), "image_metadata"},
		{"a JPEG whose ICC profile is not one", craft.WithJPEGSegment(jpg, 0xE2, "ICC_PROFILE\x00\x01\x01Jane Doe"), "image_metadata"},
		{"a JPEG with FlashPix APP2", craft.WithJPEGSegment(jpg, 0xE2, "FPXR\x00Jane Doe"), "image_metadata"},
		{"a JPEG with Adobe APP14", craft.WithJPEGSegment(jpg, 0xEE, "Adobe\x00\x64\x00\x00\x00\x00\x01"), "image_metadata"},
		{"a JPEG with an APP15 after the scan", craft.WithJPEGSegmentAfterScan(jpg, 0xEF, "Jane Doe"), "image_metadata"},
		{"a JPEG with a reserved marker", craft.WithJPEGSegment(jpg, 0xF0, "Jane Doe"), "image_metadata"},
		{"a JPEG whose EOI ends a corrupt scan", append(bytes.Clone(jpg[:len(jpg)/2]), 0xFF, 0xD9), "image_undecodable"},
		{"a JPEG with EXIF", craft.WithExif(jpg), "image_metadata"},
		{"a JPEG with a comment", craft.WithJPEGSegment(jpg, 0xFE, "Jane Doe 1970-01-01"), "image_metadata"},
		{"a JPEG with IPTC APP13", craft.WithJPEGSegment(jpg, 0xED, "Photoshop 3.0\x00"), "image_metadata"},
		{"a PNG with tEXt", craft.WithPNGChunk(pngb, "tEXt", "Author\x00Jane Doe"), "image_metadata"},
		{"a PNG with iTXt", craft.WithPNGChunk(pngb, "iTXt", "Comment\x00\x00\x00\x00\x00Jane"), "image_metadata"},
		{"a PNG with zTXt", craft.WithPNGChunk(pngb, "zTXt", "Comment\x00\x00x"), "image_metadata"},
		{"a PNG with eXIf", craft.WithPNGChunk(pngb, "eXIf", "MM\x00*"), "image_metadata"},
		{"a PNG with a private chunk", craft.WithPNGChunk(pngb, "prVt", "Jane Doe 1970-01-01"), "image_metadata"},
		{"a PNG with a private chunk after the image data", craft.WithPNGChunkBeforeIEND(pngb, "naMe", "Jane Doe"), "image_metadata"},
		{"a PNG with text after the image data", craft.WithPNGChunkBeforeIEND(pngb, "tEXt", "Author\x00Jane Doe"), "image_metadata"},
		{"a PNG with an iCCP profile named after the patient", craft.WithICCProfileNamed(pngb, "Jane Doe 1970-01-01"), "image_metadata"},
		{"a PNG with tIME", craft.WithPNGChunk(pngb, "tIME", "\x07\xea\x01\x01\x00\x00\x00"), "image_metadata"},
		{"a PNG with sRGB, gAMA, cHRM and pHYs", withColourChunks(pngb), ""},
		{"a PNG whose pHYs is too long to be one", craft.WithPNGChunk(pngb, "pHYs", "\x00\x00\x0b\x13\x00\x00\x0b\x13\x01Jane Doe"), "image_metadata"},
		{"a PNG with a second IHDR", craft.WithPNGChunkBeforeIEND(pngb, "IHDR", string(pngb[16:29])), "image_undecodable"},
		{"a truncated PNG", pngb[:len(pngb)-20], "image_undecodable"},
		{"a PNG with data after IEND", append(bytes.Clone(pngb), "trailer"...), "image_trailing_data"},
		{"a PNG wider than the limit", craft.PNG(MaxImageSide+1, 1), "image_dimensions"},
		{"a PNG with a corrupt IDAT", corruptIDAT(pngb), "image_undecodable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := checkRaster(c.data)
			switch {
			case c.code == "" && p != nil:
				t.Fatalf("refused: %s (%s)", p.code, p.message)
			case c.code != "" && p == nil:
				t.Fatalf("accepted; want %s", c.code)
			case p != nil && p.code != c.code:
				t.Fatalf("code %s (%s); want %s", p.code, p.message, c.code)
			}
			if p != nil && (bytes.Contains([]byte(p.message), []byte("Jane")) || bytes.Contains([]byte(p.message), []byte("naMe"))) {
				t.Errorf("message %q repeats the file's content", p.message)
			}
		})
	}
}

// withColourChunks adds the colour chunks a canvas PNG encoder may write (values of sRGB).
func withColourChunks(p []byte) []byte {
	p = craft.WithPNGChunk(p, "pHYs", "\x00\x00\x0b\x13\x00\x00\x0b\x13\x01")
	p = craft.WithPNGChunk(p, "cHRM", "\x00\x00\x7a\x26\x00\x00\x80\x84\x00\x00\xfa\x00\x00\x00\x80\xe8\x00\x00\x75\x30\x00\x00\xea\x60\x00\x00\x3a\x98\x00\x00\x17\x70")
	p = craft.WithPNGChunk(p, "gAMA", "\x00\x00\xb1\x8f")
	return craft.WithPNGChunk(p, "sRGB", "\x00")
}

// withHiddenBytes appends text to an ICC profile outside every tag, keeping its size field right.
func withHiddenBytes(profile []byte) []byte {
	out := append(bytes.Clone(profile), "Jane Doe"...)
	binary.BigEndian.PutUint32(out, uint32(len(out)))
	return out
}

// corruptIDAT flips bytes inside the first IDAT's compressed data, keeping the chunk layout.
func corruptIDAT(p []byte) []byte {
	out := bytes.Clone(p)
	i := bytes.Index(out, []byte("IDAT"))
	for j := i + 6; j < i+14; j++ {
		out[j] ^= 0xFF
	}
	return out
}

// TestSkipEntropyData covers what Go's encoder never writes: restart markers inside a scan,
// stuffed bytes, and fill bytes before the next marker.
func TestSkipEntropyData(t *testing.T) {
	t.Parallel()
	scan := []byte{0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD7, 0x78, 0xFF, 0xFF, 0xD9}
	if got := skipEntropyData(scan, 0); got != 10 {
		t.Errorf("scan ends at %d, want 10 (the first fill byte before EOI)", got)
	}
	if got := skipEntropyData([]byte{0x12, 0x34, 0xFF}, 0); got != 3 {
		t.Errorf("a file ending inside a scan ends at %d, want 3", got)
	}
}
