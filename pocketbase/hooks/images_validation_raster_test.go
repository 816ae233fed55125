package hooks

import (
	"bytes"
	"testing"

	"cassette/pocketbase/internal/testenv/craft"
)

// These unit tests run on files crafted in memory (internal/testenv/craft);
// images_validation_test.go sends some of them through the API.

func TestCheckRaster(t *testing.T) {
	jpg, pngb := craft.JPEG(64, 48), craft.PNG(64, 48)
	cases := []struct {
		name string
		data []byte
		code string // "" when accepted
	}{
		{"a JPEG", jpg, ""},
		{"a PNG", pngb, ""},
		{"a JPEG of 4096 px", craft.JPEG(MaxImageSide, 8), ""},
		{"a JPEG with JFIF APP0", craft.WithJPEGSegment(jpg, 0xE0, "JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"), ""},
		{"an ELF executable", craft.ELF(), "image_executable"},
		{"a PE executable", craft.PE(), "image_executable"},
		{"text", []byte("hello, this is not an image"), "image_not_jpeg_png"},
		{"an empty file", nil, "image_not_jpeg_png"},
		{"a truncated JPEG", jpg[:len(jpg)/2], "image_undecodable"},
		{"a JPEG cut inside its header", jpg[:20], "image_undecodable"},
		{"a JPEG with data after EOI", append(bytes.Clone(jpg), "PK\x03\x04 hidden archive"...), "image_undecodable"},
		{"a JPEG whose EOI ends a corrupt scan", append(bytes.Clone(jpg[:len(jpg)/2]), 0xFF, 0xD9), "image_undecodable"},
		{"a JPEG with EXIF", craft.WithExif(jpg), "image_metadata"},
		{"a JPEG with a comment", craft.WithJPEGSegment(jpg, 0xFE, "Jane Doe 1970-01-01"), "image_metadata"},
		{"a JPEG with IPTC APP13", craft.WithJPEGSegment(jpg, 0xED, "Photoshop 3.0\x00"), "image_metadata"},
		{"a PNG with tEXt", craft.WithPNGChunk(pngb, "tEXt", "Author\x00Jane Doe"), "image_metadata"},
		{"a PNG with iTXt", craft.WithPNGChunk(pngb, "iTXt", "Comment\x00\x00\x00\x00\x00Jane"), "image_metadata"},
		{"a PNG with zTXt", craft.WithPNGChunk(pngb, "zTXt", "Comment\x00\x00x"), "image_metadata"},
		{"a PNG with eXIf", craft.WithPNGChunk(pngb, "eXIf", "MM\x00*"), "image_metadata"},
		{"a truncated PNG", pngb[:len(pngb)-20], "image_undecodable"},
		{"a PNG with data after IEND", append(bytes.Clone(pngb), "trailer"...), "image_undecodable"},
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
			if p != nil && bytes.Contains([]byte(p.message), []byte("Jane")) {
				t.Errorf("message %q repeats the file's content", p.message)
			}
		})
	}
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
