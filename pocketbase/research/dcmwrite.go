package research

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math/big"
	"sort"
)

// A small DICOM writer for the objects the export creates itself (the SR labels): Explicit
// VR Little Endian only, every length defined, elements sorted by tag. Writing the bytes here
// rather than through a general library keeps the output byte-for-byte reproducible.

// element is one data element: tag as group<<16|element, its VR and its encoded value
// (already padded to an even length), or for raw the whole element as read from a source file.
type element struct {
	tag uint32
	vr  string
	val []byte
	raw []byte
}

// Transfer syntax and identifiers written into every file this package creates.
const (
	explicitVRLittleEndian = "1.2.840.10008.1.2.1"
	implicitVRLittleEndian = "1.2.840.10008.1.2"
	// implementationVersion names this writer in the File Meta Information (PS3.10 7.1, ≤16 chars).
	implementationVersion = "CASSETTE_EXPORT1"
)

// implementationClassUID is derived, like every UID this package mints, from a fixed string.
var implementationClassUID = derivedUID("cassette research export implementation")

// derivedUID turns key into a UID under the 2.25 root (PS3.5 B.2: a UUID as one integer):
// the first 122 bits of SHA-256(key) laid out as a version 8 (name-based, custom) UUID. The
// same key always gives the same UID, which makes re-exports byte-identical.
func derivedUID(key string) string {
	sum := sha256.Sum256([]byte(key))
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x80 // version 8
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return "2.25." + new(big.Int).SetBytes(u).String()
}

// longLength lists the VRs whose length field is 4 bytes after 2 reserved ones (PS3.5 7.1.2).
var longLength = map[string]bool{"OB": true, "OD": true, "OF": true, "OL": true, "OV": true, "OW": true,
	"SQ": true, "SV": true, "UC": true, "UN": true, "UR": true, "UT": true, "UV": true}

func tagOf(group, elem uint16) uint32 { return uint32(group)<<16 | uint32(elem) }

// str encodes a string value of vr, padded to even length (UI with NUL, others with a space, PS3.5 6.2).
func str(group, elem uint16, vr string, value string) element {
	b := []byte(value)
	if len(b)%2 == 1 {
		if vr == "UI" {
			b = append(b, 0)
		} else {
			b = append(b, ' ')
		}
	}
	return element{tag: tagOf(group, elem), vr: vr, val: b}
}

// us encodes an unsigned short.
func us(group, elem uint16, v uint16) element {
	return element{tag: tagOf(group, elem), vr: "US", val: binary.LittleEndian.AppendUint16(nil, v)}
}

// seq encodes a sequence with one item per dataset, every length defined.
func seq(group, elem uint16, items ...[]element) element {
	var b bytes.Buffer
	for _, it := range items {
		body := encodeDataset(it)
		writeTag(&b, 0xFFFEE000)
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(body))))
		b.Write(body)
	}
	return element{tag: tagOf(group, elem), vr: "SQ", val: b.Bytes()}
}

func writeTag(b *bytes.Buffer, tag uint32) {
	b.Write(binary.LittleEndian.AppendUint16(nil, uint16(tag>>16)))
	b.Write(binary.LittleEndian.AppendUint16(nil, uint16(tag)))
}

// encodeDataset writes elements in ascending tag order (PS3.5 7.1), whatever order they came in.
func encodeDataset(elems []element) []byte {
	sorted := append([]element(nil), elems...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].tag < sorted[j].tag })
	var b bytes.Buffer
	for _, e := range sorted {
		if e.raw != nil {
			b.Write(e.raw)
			continue
		}
		writeTag(&b, e.tag)
		b.WriteString(e.vr)
		if longLength[e.vr] {
			b.Write([]byte{0, 0})
			b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(e.val))))
		} else {
			b.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(e.val))))
		}
		b.Write(e.val)
	}
	return b.Bytes()
}

// part10 wraps a dataset in a DICOM file (PS3.10 7.1): a zero preamble, "DICM" and the File
// Meta Information group with its group length.
func part10(sopClass, sopInstance string, dataset []element) []byte {
	meta := encodeDataset([]element{
		{tag: tagOf(0x0002, 0x0001), vr: "OB", val: []byte{0, 1}},
		str(0x0002, 0x0002, "UI", sopClass),
		str(0x0002, 0x0003, "UI", sopInstance),
		str(0x0002, 0x0010, "UI", explicitVRLittleEndian),
		str(0x0002, 0x0012, "UI", implementationClassUID),
		str(0x0002, 0x0013, "SH", implementationVersion),
	})
	var b bytes.Buffer
	b.Write(make([]byte, 128))
	b.WriteString("DICM")
	b.Write(encodeDataset([]element{{tag: tagOf(0x0002, 0x0000), vr: "UL", val: binary.LittleEndian.AppendUint32(nil, uint32(len(meta)))}}))
	b.Write(meta)
	b.Write(encodeDataset(dataset))
	return b.Bytes()
}
