package hooks

import (
	"bytes"
	"encoding/binary"
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

// checkRaster accepts only a complete JPEG or PNG, within MaxImageSide, that carries no
// metadata segment able to hold identifying text: the app re-encodes every image through a
// canvas, which writes none (DESIGN.md), so anything else did not come from the app.
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

// allowedJPEGApps are the APPn markers a re-encoded JPEG may carry: APP0 (JFIF), APP2 (ICC
// colour profile), APP14 (Adobe colour transform). APP1 (Exif, XMP), APP13 (IPTC), the other
// APPn and COM (comments) can hold names, dates, places or camera serial numbers.
var allowedJPEGApps = map[byte]bool{0xE0: true, 0xE2: true, 0xEE: true}

// checkJPEGSegments walks the marker segments up to Start of Scan (ITU-T T.81 §B.1.1.4) and
// requires the file to end with End of Image, so nothing rides after the picture.
func checkJPEGSegments(data []byte) *rasterProblem {
	if !bytes.HasSuffix(bytes.TrimRight(data, "\x00"), []byte{0xFF, 0xD9}) {
		return rasterIssue("image_undecodable", "The JPEG image is truncated or has data after its end marker.")
	}
	for i := 2; ; {
		for i < len(data) && data[i] == 0xFF && i+1 < len(data) && data[i+1] == 0xFF {
			i++ // fill bytes
		}
		if i+4 > len(data) || data[i] != 0xFF {
			return rasterIssue("image_undecodable", "The JPEG image is truncated or corrupt before its image data.")
		}
		marker := data[i+1]
		length := int(binary.BigEndian.Uint16(data[i+2:]))
		if marker == 0xDA { // Start of Scan: entropy-coded data follows
			return nil
		}
		if (marker >= 0xE0 && marker <= 0xEF && !allowedJPEGApps[marker]) || marker == 0xFE {
			what := fmt.Sprintf("an APP%d metadata segment", marker-0xE0)
			if marker == 0xE1 {
				what = "an EXIF/XMP (APP1) metadata segment"
			} else if marker == 0xFE {
				what = "a comment (COM) segment"
			}
			return rasterIssue("image_metadata", "The JPEG carries %s, which can hold identifying text; upload the image re-encoded by the app.", what)
		}
		if length < 2 {
			return rasterIssue("image_undecodable", "The JPEG image is corrupt (bad segment length).")
		}
		i += 2 + length
	}
}

// forbiddenPNGChunks can hold text or EXIF (PNG 3rd edition §11.3.3, §11.3.4.5).
var forbiddenPNGChunks = map[string]bool{"tEXt": true, "iTXt": true, "zTXt": true, "eXIf": true}

// checkPNGChunks walks every chunk (PNG §5.3) and requires IEND to be the last bytes.
func checkPNGChunks(data []byte) *rasterProblem {
	for i := len(pngMagic); ; {
		if i+12 > len(data) {
			return rasterIssue("image_undecodable", "The PNG image is truncated (no IEND chunk).")
		}
		length := int(binary.BigEndian.Uint32(data[i:]))
		kind := string(data[i+4 : i+8])
		if length < 0 || length > len(data)-i-12 {
			return rasterIssue("image_undecodable", "The PNG image is truncated or corrupt (chunk longer than the file).")
		}
		if forbiddenPNGChunks[kind] {
			return rasterIssue("image_metadata", "The PNG carries a %s chunk, which can hold identifying text; upload the image re-encoded by the app.", kind)
		}
		i += 12 + length
		if kind == "IEND" {
			if i != len(data) {
				return rasterIssue("image_undecodable", "The PNG image has data after its IEND chunk.")
			}
			return nil
		}
	}
}
