package dicomcheck

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"slices"

	"github.com/suyashkumar/dicom/pkg/tag"
)

// The parser allocates a value's declared length before reading it, so a 300-byte file that
// declares a 4 GB value would make the server reserve 4 GB. prescan walks every element header
// first (PS3.5 §7.1, §7.5) and refuses a length that does not fit in what is left of the file
// or of its enclosing item or sequence, before the parser sees the file.

var (
	errLength   = errors.New("an element's length does not fit in the file")
	errDeflated = errors.New("deflated transfer syntax")
)

// maxDepth bounds sequence nesting; real files rarely pass 5 levels.
const maxDepth = 32

const undefinedLength = 0xFFFFFFFF

// longVRs have a 2-byte reserved field and a 4-byte length in Explicit VR (PS3.5 Table 7.1-1).
var longVRs = []string{"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"}

type scanner struct {
	r    *bufio.Reader
	pos  int64
	size int64
	bo   binary.ByteOrder
}

func (s *scanner) bytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(s.r, b); err != nil {
		return nil, errLength
	}
	s.pos += int64(n)
	return b, nil
}

func (s *scanner) u16() (uint16, error) {
	b, err := s.bytes(2)
	if err != nil {
		return 0, err
	}
	return s.bo.Uint16(b), nil
}

func (s *scanner) u32() (uint32, error) {
	b, err := s.bytes(4)
	if err != nil {
		return 0, err
	}
	return s.bo.Uint32(b), nil
}

func (s *scanner) skip(n int64) error {
	if _, err := s.r.Discard(int(n)); err != nil {
		return errLength
	}
	s.pos += n
	return nil
}

// fits checks that a defined length ends within end (the file's or the enclosing container's).
func (s *scanner) fits(length uint32, end int64) error {
	if int64(length) > end-s.pos {
		return errLength
	}
	return nil
}

// prescan checks the element lengths of a Part 10 stream of size bytes, positioned at its start.
func prescan(r io.Reader, size int64) error {
	s := &scanner{r: bufio.NewReader(r), size: size, bo: binary.LittleEndian}
	if err := s.skip(preambleLen + 4); err != nil {
		return err
	}
	// File meta information: always Explicit VR Little Endian (PS3.10 §7.1).
	implicit, bigEndian, deflated, err := s.meta()
	if err != nil {
		return err
	}
	if deflated {
		// The client writes Deflated input as Explicit VR Little Endian (src/lib/dicom/deid/deidentify.ts),
		// and a deflated stream's lengths cannot be checked before inflating it.
		return errDeflated
	}
	if bigEndian {
		s.bo = binary.BigEndian
	}
	return s.dataset(implicit, size, 0)
}

// meta walks group 0002 and returns the dataset's encoding from its Transfer Syntax UID.
func (s *scanner) meta() (implicit, bigEndian, deflated bool, err error) {
	for {
		b, err := s.r.Peek(2)
		if err != nil || binary.LittleEndian.Uint16(b) != 0x0002 {
			return implicit, bigEndian, deflated, nil
		}
		group, element, vr, length, err := s.header(false)
		if err != nil || length == undefinedLength {
			return false, false, false, errLength
		}
		if err := s.fits(length, s.size); err != nil {
			return false, false, false, err
		}
		if group == 0x0002 && element == 0x0010 && vr == "UI" {
			v, err := s.bytes(int(length))
			if err != nil {
				return false, false, false, err
			}
			switch string(trimUID(v)) {
			case "1.2.840.10008.1.2":
				implicit = true
			case "1.2.840.10008.1.2.2":
				bigEndian = true
			case "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.8.1":
				deflated = true
			}
			continue
		}
		if err := s.skip(int64(length)); err != nil {
			return false, false, false, err
		}
	}
}

func trimUID(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == 0 || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return b
}

// header reads a tag, its VR (explicit only; "" otherwise) and its length.
func (s *scanner) header(implicit bool) (group, element uint16, vr string, length uint32, err error) {
	if group, err = s.u16(); err != nil {
		return
	}
	if element, err = s.u16(); err != nil {
		return
	}
	if implicit || group == 0xFFFE { // items and delimiters carry no VR (PS3.5 §7.5)
		length, err = s.u32()
		return
	}
	b, err := s.bytes(2)
	if err != nil {
		return
	}
	vr = string(b)
	if slices.Contains(longVRs, vr) {
		if err = s.skip(2); err != nil {
			return
		}
		length, err = s.u32()
		return
	}
	short, err := s.u16()
	return group, element, vr, uint32(short), err
}

// dataset walks elements until end, or until an Item Delimitation Item when end is -1.
func (s *scanner) dataset(implicit bool, end int64, depth int) error {
	if depth > maxDepth {
		return errLength
	}
	for end < 0 || s.pos < end {
		if end < 0 && s.pos >= s.size {
			return errLength // an undefined-length item never closed
		}
		group, element, vr, length, err := s.header(implicit)
		if err != nil {
			return err
		}
		if group == 0xFFFE && element == 0xE00D { // Item Delimitation Item
			return nil
		}
		limit := end
		if limit < 0 {
			limit = s.size
		}
		if length != undefinedLength {
			if err := s.fits(length, limit); err != nil {
				return err
			}
		}
		t := tag.Tag{Group: group, Element: element}
		switch {
		case length == undefinedLength && (t == tag.PixelData || vr == "OB" || vr == "OW"):
			err = s.fragments() // encapsulated (PS3.5 §A.4)
		case isSequence(t, vr, implicit) || (length == undefinedLength && (implicit || vr == "UN")):
			// Undefined length on an unknown implicit or UN element means a sequence in Implicit VR (PS3.5 §6.2.2, §7.5.1).
			err = s.sequence(implicit || vr == "UN", length, depth)
		case length == undefinedLength:
			err = errLength
		default:
			err = s.skip(int64(length))
		}
		if err != nil {
			return err
		}
	}
	if s.pos != end {
		return errLength
	}
	return nil
}

func isSequence(t tag.Tag, vr string, implicit bool) bool {
	if !implicit {
		return vr == "SQ"
	}
	info, err := tag.Find(t)
	return err == nil && slices.Contains(info.VRs, "SQ")
}

// sequence walks the items of a sequence of length (or undefined length).
func (s *scanner) sequence(implicit bool, length uint32, depth int) error {
	end := int64(-1)
	if length != undefinedLength {
		end = s.pos + int64(length)
	}
	for end < 0 || s.pos < end {
		group, element, _, itemLength, err := s.header(true)
		if err != nil {
			return err
		}
		switch {
		case group == 0xFFFE && element == 0xE0DD: // Sequence Delimitation Item
			return nil
		case group != 0xFFFE || element != 0xE000:
			return errLength
		case itemLength == undefinedLength:
			err = s.dataset(implicit, -1, depth+1)
		default:
			limit := end
			if limit < 0 {
				limit = s.size
			}
			if err = s.fits(itemLength, limit); err == nil {
				err = s.dataset(implicit, s.pos+int64(itemLength), depth+1)
			}
		}
		if err != nil {
			return err
		}
	}
	if s.pos != end {
		return errLength
	}
	return nil
}

// fragments skips the items of encapsulated Pixel Data (PS3.5 §A.4).
func (s *scanner) fragments() error {
	for {
		group, element, _, length, err := s.header(true)
		if err != nil {
			return err
		}
		if group == 0xFFFE && element == 0xE0DD {
			return nil
		}
		if group != 0xFFFE || element != 0xE000 || length == undefinedLength {
			return errLength
		}
		if err := s.fits(length, s.size); err != nil {
			return err
		}
		if err := s.skip(int64(length)); err != nil {
			return err
		}
	}
}
