package hooks

import (
	"encoding/binary"
	"errors"
)

// A sequential (baseline or extended) scan is decoded symbol by symbol, without computing a
// single pixel, to find where its entropy-coded data really ends: decoders stop reading after
// the last block and skip whatever follows up to the next marker (Go's image/jpeg and libjpeg
// both treat it as a warning), so text placed there would ride along unseen.

// jpegFrame is what the scan walk needs of SOF and DRI: size, sampling, restart interval.
type jpegFrame struct {
	width, height   int
	components      map[byte][2]int // component id → horizontal, vertical sampling factor
	hMax, vMax      int
	restartInterval int
	progressive     bool
	huffman         [2][4]*huffmanTable // [class: DC, AC][table id]
}

// huffmanTable is a canonical Huffman code (T.81 §C, Annex F.2.2.3 DECODE).
type huffmanTable struct {
	maxCode [17]int32 // largest code of each length, -1 when none
	valPtr  [17]int   // index in values of the first code of each length
	minCode [17]int32
	values  []byte
}

var errJPEGScan = errors.New("jpeg: corrupt scan")

// record keeps what the scan walk needs from a segment.
func (f *jpegFrame) record(marker byte, p []byte) error {
	switch marker {
	case jpegSOF0, jpegSOF1, jpegSOF2:
		return f.parseSOF(marker, p)
	case jpegDHT:
		return f.parseDHT(p)
	case jpegDRI:
		if len(p) < 2 {
			return errJPEGScan
		}
		f.restartInterval = int(binary.BigEndian.Uint16(p))
	}
	return nil
}

// parseSOF records a frame header (T.81 §B.2.2).
func (f *jpegFrame) parseSOF(marker byte, p []byte) error {
	if len(p) < 6 || len(p) < 6+3*int(p[5]) {
		return errJPEGScan
	}
	f.progressive = marker == jpegSOF2
	f.height, f.width = int(binary.BigEndian.Uint16(p[1:])), int(binary.BigEndian.Uint16(p[3:]))
	f.components = map[byte][2]int{}
	for c := 0; c < int(p[5]); c++ {
		h, v := int(p[7+3*c]>>4), int(p[7+3*c]&15)
		if h < 1 || h > 4 || v < 1 || v > 4 {
			return errJPEGScan
		}
		f.components[p[6+3*c]] = [2]int{h, v}
		f.hMax, f.vMax = max(f.hMax, h), max(f.vMax, v)
	}
	return nil
}

// parseDHT records one or more Huffman tables (T.81 §B.2.4.2).
func (f *jpegFrame) parseDHT(p []byte) error {
	for len(p) > 0 {
		if len(p) < 17 || p[0]>>4 > 1 || p[0]&15 > 3 {
			return errJPEGScan
		}
		t := &huffmanTable{}
		n, code := 0, int32(0)
		for l := 1; l <= 16; l++ {
			count := int(p[l])
			t.valPtr[l], t.minCode[l] = n, code
			code += int32(count)
			t.maxCode[l] = code - 1
			if count == 0 {
				t.maxCode[l] = -1
			}
			n += count
			code <<= 1
		}
		if len(p) < 17+n {
			return errJPEGScan
		}
		t.values = p[17 : 17+n]
		f.huffman[p[0]>>4][p[0]&15] = t
		p = p[17+n:]
	}
	return nil
}

// scanEnd decodes the scan whose header is sos, starting at data[i], and returns the offset
// just past its last entropy-coded byte (restart markers included).
func (f *jpegFrame) scanEnd(sos []byte, data []byte, i int) (int, error) {
	if f.components == nil || len(sos) < 1 || len(sos) < 1+2*int(sos[0]) {
		return 0, errJPEGScan
	}
	type block struct{ dc, ac *huffmanTable }
	var mcu []block
	var mcus int
	for c := 0; c < int(sos[0]); c++ {
		sampling, ok := f.components[sos[1+2*c]]
		dc, ac := f.huffman[0][sos[2+2*c]>>4&3], f.huffman[1][sos[2+2*c]&3]
		if !ok || dc == nil || ac == nil {
			return 0, errJPEGScan
		}
		blocks := sampling[0] * sampling[1]
		if sos[0] == 1 { // non-interleaved: one block per MCU, over the component's own size
			blocks = 1
			w := (f.width*sampling[0] + f.hMax - 1) / f.hMax
			h := (f.height*sampling[1] + f.vMax - 1) / f.vMax
			mcus = ((w + 7) / 8) * ((h + 7) / 8)
		}
		for range blocks {
			mcu = append(mcu, block{dc, ac})
		}
	}
	if sos[0] > 1 {
		mcus = ((f.width + 8*f.hMax - 1) / (8 * f.hMax)) * ((f.height + 8*f.vMax - 1) / (8 * f.vMax))
	}
	r := &entropyReader{data: data, pos: i}
	for m := 0; m < mcus; m++ {
		if f.restartInterval > 0 && m > 0 && m%f.restartInterval == 0 {
			if !r.restart() {
				return 0, errJPEGScan
			}
		}
		for _, b := range mcu {
			if err := r.skipBlock(b.dc, b.ac); err != nil {
				return 0, err
			}
		}
	}
	return r.pos, nil
}

// entropyReader reads the bits of entropy-coded data, unstuffing FF 00 (T.81 §F.2.2.5).
type entropyReader struct {
	data  []byte
	pos   int // next byte to load
	bits  uint32
	nbits int
}

func (r *entropyReader) bit() (int32, error) {
	if r.nbits == 0 {
		if r.pos >= len(r.data) {
			return 0, errJPEGScan
		}
		b := r.data[r.pos]
		if b == 0xFF {
			if r.pos+1 >= len(r.data) || r.data[r.pos+1] != 0x00 {
				return 0, errJPEGScan // a marker inside a restart interval: the scan is short
			}
			r.pos++
		}
		r.pos++
		r.bits, r.nbits = uint32(b), 8
	}
	r.nbits--
	return int32(r.bits>>r.nbits) & 1, nil
}

func (r *entropyReader) receive(n int) error {
	for ; n > 0; n-- {
		if _, err := r.bit(); err != nil {
			return err
		}
	}
	return nil
}

func (r *entropyReader) decode(t *huffmanTable) (byte, error) {
	code := int32(0)
	for l := 1; l <= 16; l++ {
		b, err := r.bit()
		if err != nil {
			return 0, err
		}
		code = code<<1 | b
		if t.maxCode[l] >= 0 && code <= t.maxCode[l] && code >= t.minCode[l] {
			k := t.valPtr[l] + int(code-t.minCode[l])
			if k >= len(t.values) {
				return 0, errJPEGScan
			}
			return t.values[k], nil
		}
	}
	return 0, errJPEGScan
}

// skipBlock reads one 8×8 block's DC difference and AC run/size codes (T.81 §F.2.2).
func (r *entropyReader) skipBlock(dc, ac *huffmanTable) error {
	s, err := r.decode(dc)
	if err != nil || s > 16 {
		return errJPEGScan
	}
	if err := r.receive(int(s)); err != nil {
		return err
	}
	for k := 1; k < 64; {
		rs, err := r.decode(ac)
		if err != nil {
			return err
		}
		run, size := int(rs>>4), int(rs&15)
		if size == 0 {
			if run != 15 {
				return nil // end of block
			}
			k += 16
			continue
		}
		if err := r.receive(size); err != nil {
			return err
		}
		k += run + 1
	}
	return nil
}

// restart drops the bits left in the byte and reads the RSTn marker that must follow.
func (r *entropyReader) restart() bool {
	r.nbits = 0
	if r.pos+1 >= len(r.data) || r.data[r.pos] != 0xFF || r.data[r.pos+1] < jpegRST0 || r.data[r.pos+1] > jpegRST7 {
		return false
	}
	r.pos += 2
	return true
}
