package hooks

import "encoding/binary"

// plainPNGChunks are the chunks a PNG may carry, with the largest length each may have: the
// critical ones, and the ancillary ones a canvas encoder writes, which hold numbers only
// (PNG 3rd edition §11.3). Refused: tEXt, zTXt, iTXt, eXIf, tIME and iCCP (its profile name is
// free text, and the profile's own description too), and every private or unknown chunk.
var plainPNGChunks = map[string]int{
	"IHDR": 13,
	"PLTE": 3 * 256,
	"IDAT": -1, // any length
	"IEND": 0,
	"tRNS": 256,
	"gAMA": 4,
	"cHRM": 32,
	"sRGB": 1,
	"pHYs": 9,
}

// pngTextChunks are named in the refusal, so the uploader learns what to strip.
var pngTextChunks = map[string]string{
	"tEXt": "a text (tEXt) chunk",
	"zTXt": "a compressed text (zTXt) chunk",
	"iTXt": "an international text (iTXt) chunk",
	"eXIf": "an EXIF (eXIf) chunk",
	"tIME": "a modification time (tIME) chunk",
	"iCCP": "an ICC profile (iCCP) chunk, whose name is free text",
}

// checkPNGChunks walks every chunk (PNG §5.3) from IHDR to IEND and requires IEND to be the
// last bytes of the file.
func checkPNGChunks(data []byte) *rasterProblem {
	for i, first := len(pngMagic), true; ; first = false {
		if i+12 > len(data) {
			return rasterIssue("image_undecodable", "The PNG image is truncated (it ends before its IEND chunk).")
		}
		length := binary.BigEndian.Uint32(data[i:])
		kind := string(data[i+4 : i+8])
		if uint64(length) > uint64(len(data)-i-12) {
			return rasterIssue("image_undecodable", "The PNG image is truncated or corrupt (a chunk runs past the end of the file).")
		}
		if first != (kind == "IHDR") {
			return rasterIssue("image_undecodable", "The PNG image is corrupt: IHDR must be its first chunk, and only the first.")
		}
		limit, plain := plainPNGChunks[kind]
		if !plain {
			what, named := pngTextChunks[kind]
			if !named {
				what = "a private or unknown chunk"
			}
			return rasterIssue("image_metadata", "The PNG carries %s, which can hold identifying content; upload the image re-encoded by the app.", what)
		}
		if limit >= 0 && int64(length) > int64(limit) {
			return rasterIssue("image_metadata", "The PNG's %s chunk is longer than that chunk ever is, so it carries something else; upload the image re-encoded by the app.", kind)
		}
		i += 12 + int(length)
		if kind == "IEND" {
			if i != len(data) {
				return rasterIssue("image_trailing_data", "The PNG image has %d bytes after its IEND chunk; upload the image re-encoded by the app.", len(data)-i)
			}
			return nil
		}
	}
}
