// Package craft makes the image files upload tests send, good and bad, in memory: nothing
// binary is committed. (A package of its own so hooks' internal tests can use it: testenv
// imports hooks.)
package craft

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
)

// JPEG encodes a w×h grey gradient.
func JPEG(w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, gradient(w, h), &jpeg.Options{Quality: 80}); err != nil {
		panic(err) // encoding an in-memory image does not fail
	}
	return b.Bytes()
}

// PNG encodes a w×h grey gradient.
func PNG(w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, gradient(w, h)); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func gradient(w, h int) image.Image {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetGray(x, y, color.Gray{Y: uint8(x + y)})
		}
	}
	return img
}

// WithJPEGSegment inserts a marker segment (e.g. 0xE1 APP1/Exif, 0xFE COM) right after SOI.
func WithJPEGSegment(jpg []byte, marker byte, payload string) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// WithExif is jpg with an APP1 Exif segment holding an artist name.
func WithExif(jpg []byte) []byte {
	return WithJPEGSegment(jpg, 0xE1, "Exif\x00\x00MM\x00*\x00\x00\x00\x08Artist: Jane Doe")
}

// WithPNGChunk inserts a chunk with a valid CRC right after IHDR.
func WithPNGChunk(p []byte, kind, data string) []byte {
	const afterIHDR = 8 + 25 // signature, then IHDR: length, type, 13 bytes, CRC
	chunk := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(chunk, uint32(len(data)))
	copy(chunk[4:], kind)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := append([]byte{}, p[:afterIHDR]...)
	out = append(out, chunk...)
	return append(out, p[afterIHDR:]...)
}

// ELF is the start of an x86-64 Linux executable.
func ELF() []byte {
	return append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 120)...)
}

// PE is the start of a Windows executable.
func PE() []byte {
	return append([]byte("MZ\x90\x00"), make([]byte, 60)...)
}
