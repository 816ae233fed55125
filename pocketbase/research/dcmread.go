package research

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
)

// A header reader for the stored DICOM files: it walks the top-level elements of a file's
// first bytes (captured while the file streams into the ZIP, so each file is read once) up to
// Pixel Data, and keeps the few attributes the manifest and the SR need.

// errShortHeader means the bytes ended before Pixel Data: the caller reads more of the file.
var errShortHeader = errors.New("dicom header longer than the bytes read")

const pixelDataTag = 0x7FE00010

// header is a file's top-level attributes by tag: the value, and for Explicit VR Little
// Endian datasets the whole encoded element (copied as is into the SR).
type header struct {
	values map[uint32][]byte
	raw    map[uint32][]byte
	vr     map[uint32]string
}

// String is the value of tag with padding (trailing spaces and NULs) removed.
func (h header) String(tag uint32) string {
	return strings.TrimRight(string(h.values[tag]), " \x00")
}

// Uint16 reads a US value.
func (h header) Uint16(tag uint32) int {
	if v := h.values[tag]; len(v) >= 2 {
		return int(binary.LittleEndian.Uint16(v))
	}
	return 0
}

// Decimals parses a DS value with several values ("0.7\0.7").
func (h header) Decimals(tag uint32) []float64 {
	var out []float64
	for _, p := range strings.Split(h.String(tag), `\`) {
		if f, err := strconv.ParseFloat(strings.TrimSpace(p), 64); err == nil {
			out = append(out, f)
		}
	}
	return out
}

// parseHeader reads a Part 10 file's header from b. Only Little Endian transfer syntaxes are
// read (Implicit, Explicit and every encapsulated one, PS3.5 A.1-A.4): Cassette stores
// nothing else. Deflate and Big Endian datasets give an error.
func parseHeader(b []byte) (header, error) {
	h := header{values: map[uint32][]byte{}, raw: map[uint32][]byte{}, vr: map[uint32]string{}}
	if len(b) < 132 || string(b[128:132]) != "DICM" {
		if len(b) < 132 {
			return h, errShortHeader
		}
		return h, errors.New("not a DICOM Part 10 file")
	}
	r := &walker{b: b, pos: 132, explicit: true}
	// File Meta Information: always Explicit VR Little Endian (PS3.10 7.1).
	for r.pos+4 <= len(b) && binary.LittleEndian.Uint16(b[r.pos:]) == 0x0002 {
		if err := r.element(h, true); err != nil {
			return h, err
		}
	}
	switch ts := h.String(tagOf(0x0002, 0x0010)); {
	case ts == implicitVRLittleEndian:
		r.explicit = false
	case ts == "1.2.840.10008.1.2.1.99" || ts == "1.2.840.10008.1.2.2":
		return h, errors.New("deflated or big endian dataset: " + ts)
	}
	for r.pos < len(b) {
		if r.pos+4 <= len(b) && r.peekTag() == pixelDataTag {
			return h, nil
		}
		if err := r.element(h, true); err != nil {
			return h, err
		}
	}
	return h, errShortHeader
}

type walker struct {
	b        []byte
	pos      int
	explicit bool
}

func (r *walker) peekTag() uint32 {
	return uint32(binary.LittleEndian.Uint16(r.b[r.pos:]))<<16 | uint32(binary.LittleEndian.Uint16(r.b[r.pos+2:]))
}

func (r *walker) need(n int) error {
	if r.pos+n > len(r.b) {
		return errShortHeader
	}
	return nil
}

// element reads one element at r.pos; keep stores it in h (top level only).
func (r *walker) element(h header, keep bool) error {
	start := r.pos
	if err := r.need(8); err != nil {
		return err
	}
	tag := r.peekTag()
	vr, length := "", uint32(0)
	if r.explicit || tag>>16 == 0x0002 {
		vr = string(r.b[r.pos+4 : r.pos+6])
		if longLength[vr] {
			if err := r.need(12); err != nil {
				return err
			}
			length = binary.LittleEndian.Uint32(r.b[r.pos+8:])
			r.pos += 12
		} else {
			length = uint32(binary.LittleEndian.Uint16(r.b[r.pos+6:]))
			r.pos += 8
		}
	} else {
		length = binary.LittleEndian.Uint32(r.b[r.pos+4:])
		r.pos += 8
	}
	if length == 0xFFFFFFFF {
		if err := r.skipUndefined(); err != nil {
			return err
		}
	} else {
		if err := r.need(int(length)); err != nil {
			return err
		}
		r.pos += int(length)
	}
	if keep {
		if length != 0xFFFFFFFF {
			// copies: the caller reuses its buffer for the next file
			h.values[tag] = bytes.Clone(r.b[r.pos-int(length) : r.pos])
		}
		if vr != "" {
			h.raw[tag] = bytes.Clone(r.b[start:r.pos])
			h.vr[tag] = vr
		}
	}
	return nil
}

// skipUndefined skips the items of an undefined-length sequence up to its delimiter (PS3.5 7.5).
func (r *walker) skipUndefined() error {
	for {
		if err := r.need(8); err != nil {
			return err
		}
		tag, length := r.peekTag(), binary.LittleEndian.Uint32(r.b[r.pos+4:])
		r.pos += 8
		switch {
		case tag == 0xFFFEE0DD: // sequence delimitation
			return nil
		case tag == 0xFFFEE000 && length != 0xFFFFFFFF:
			if err := r.need(int(length)); err != nil {
				return err
			}
			r.pos += int(length)
		case tag == 0xFFFEE000: // an item of undefined length: its elements up to the item delimiter
			for {
				if err := r.need(8); err != nil {
					return err
				}
				if r.peekTag() == 0xFFFEE00D {
					r.pos += 8
					break
				}
				if err := r.element(header{}, false); err != nil {
					return err
				}
			}
		default:
			return errors.New("malformed sequence")
		}
	}
}
