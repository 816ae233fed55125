// Package craft makes the image files upload tests send, good and bad, in memory: nothing
// binary is committed. (A package of its own so hooks' internal tests can use it: testenv
// imports hooks.)
package craft

import (
	"bytes"
	"compress/zlib"
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
	return insertAt(jpg, 2, jpegSegment(marker, payload))
}

// jpegSegment is one marker segment: FF, marker, length (counting itself) and payload.
func jpegSegment(marker byte, payload string) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// WithExif is jpg with an APP1 Exif segment holding an artist name.
func WithExif(jpg []byte) []byte {
	return WithJPEGSegment(jpg, 0xE1, "Exif\x00\x00MM\x00*\x00\x00\x00\x08Artist: Jane Doe")
}

// WithPNGChunk inserts a chunk with a valid CRC right after IHDR.
func WithPNGChunk(p []byte, kind, data string) []byte {
	const afterIHDR = 8 + 25 // signature, then IHDR: length, type, 13 bytes, CRC
	return insertAt(p, afterIHDR, pngChunk(kind, data))
}

// pngChunk is one chunk: length, type, data and its CRC (PNG §5.3).
func pngChunk(kind, data string) []byte {
	chunk := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(chunk, uint32(len(data)))
	copy(chunk[4:], kind)
	chunk = append(chunk, data...)
	return binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
}

func insertAt(b []byte, at int, insert []byte) []byte {
	out := append([]byte{}, b[:at]...)
	out = append(out, insert...)
	return append(out, b[at:]...)
}

// ELF is the start of an x86-64 Linux executable.
func ELF() []byte {
	return append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 120)...)
}

// PE is the start of a Windows executable.
func PE() []byte {
	return append([]byte("MZ\x90\x00"), make([]byte, 60)...)
}

// WithJPEGSegmentAfterScan inserts a marker segment after the entropy-coded data, just before
// End of Image, where a check that stops at Start of Scan never looks.
func WithJPEGSegmentAfterScan(jpg []byte, marker byte, payload string) []byte {
	return insertAt(jpg, len(jpg)-2, jpegSegment(marker, payload))
}

// WithTrailerAfterEOI appends text and a second End of Image after the image, so the file
// still ends in FF D9.
func WithTrailerAfterEOI(jpg []byte, text string) []byte {
	out := append(bytes.Clone(jpg), text...)
	return append(out, 0xFF, 0xD9)
}

// WithJFIF is jpg with the APP0 JFIF header libjpeg-turbo writes first (as a browser canvas
// does): version 1.01, no density unit, 1:1, no thumbnail.
func WithJFIF(jpg []byte) []byte {
	return WithJPEGSegment(jpg, 0xE0, "JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
}

// WithICCProfileNamed is p with an iCCP chunk whose profile name is name (PNG §11.3.2.3): a
// Latin-1 keyword, a zero, compression method 0 and a zlib stream (here an empty profile).
func WithICCProfileNamed(p []byte, name string) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	_, _ = w.Write(make([]byte, 128))
	_ = w.Close()
	return WithPNGChunk(p, "iCCP", name+"\x00\x00"+z.String())
}

// WithPNGChunkBeforeIEND inserts a chunk with a valid CRC after the image data, just before IEND.
func WithPNGChunkBeforeIEND(p []byte, kind, data string) []byte {
	return insertAt(p, len(p)-12, pngChunk(kind, data)) // IEND is the last 12 bytes
}

// ColourJPEG encodes a w×h colour pattern with pseudo-random noise at quality 100: Go writes
// it as YCbCr 4:2:0, and the noise puts many stuffed FF 00 bytes in the scan.
func ColourJPEG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(2463534242)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			seed ^= seed << 13
			seed ^= seed >> 17
			seed ^= seed << 5
			img.Set(x, y, color.RGBA{uint8(x), uint8(seed), uint8(y), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 100}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// WithTextBeforeEOI puts text between the image data and End of Image, with no marker: decoders
// skip it as extraneous bytes.
func WithTextBeforeEOI(jpg []byte, text string) []byte {
	return insertAt(jpg, len(jpg)-2, []byte(text))
}
