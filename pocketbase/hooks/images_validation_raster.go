package hooks

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
)

// MaxImageSide bounds each side of an uploaded preview or header image: the app renders
// previews well under it, and it caps the memory a full decode may take.
const MaxImageSide = 4096

var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
)

// rasterProblem is why an image upload is refused: a stable code and an English message that
// never quotes the file's content or name.
type rasterProblem struct{ code, message string }

func rasterIssue(code, format string, args ...any) *rasterProblem {
	return &rasterProblem{code: code, message: fmt.Sprintf(format, args...)}
}

// checkRaster accepts only a complete JPEG or PNG, within MaxImageSide, made of the segments
// or chunks a plain encoder writes and nothing after its end (images_validation_jpeg.go,
// images_validation_png.go): the app re-encodes every image through a canvas, which writes no
// metadata beyond a standard colour profile (DESIGN.md), so anything else did not come from
// the app. Every segment is walked,
// not only those before the image data, because decoders skip what follows it.
func checkRaster(data []byte) *rasterProblem {
	var format string
	switch {
	case bytes.HasPrefix(data, jpegMagic):
		format = "jpeg"
		if p := checkJPEGSegments(data); p != nil {
			return p
		}
	case bytes.HasPrefix(data, pngMagic):
		format = "png"
		if p := checkPNGChunks(data); p != nil {
			return p
		}
	case bytes.HasPrefix(data, []byte("\x7fELF")), bytes.HasPrefix(data, []byte("MZ")):
		return rasterIssue("image_executable", "The file is a program (executable), not a JPEG or PNG image.")
	default:
		return rasterIssue("image_not_jpeg_png", "The file is not a JPEG or PNG image (its first bytes are neither signature).")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return rasterIssue("image_undecodable", "The %s image header cannot be decoded.", format)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide {
		return rasterIssue("image_dimensions", "The image is %d×%d pixels; each side must be between 1 and %d.", cfg.Width, cfg.Height, MaxImageSide)
	}
	if format == "jpeg" {
		_, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		_, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return rasterIssue("image_undecodable", "The %s image cannot be decoded completely (truncated or corrupt).", format)
	}
	return nil
}
