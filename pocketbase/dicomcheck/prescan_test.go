package dicomcheck_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/suyashkumar/dicom"

	"cassette/pocketbase/dicomcheck"
	"cassette/pocketbase/dicomcheck/dicomtest"
)

// TestCheckRefusesImpossibleLengths: a small file declaring a huge value must be refused
// before the parser allocates the declared length.
func TestCheckRefusesImpossibleLengths(t *testing.T) {
	file, err := dicomtest.CT()
	if err != nil {
		t.Fatal(err)
	}
	le32 := func(v uint32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }
	element := func(group, elem uint16, vr string, length uint32, value string) []byte {
		b := []byte{byte(group), byte(group >> 8), byte(elem), byte(elem >> 8), vr[0], vr[1], 0, 0}
		return append(append(b, le32(length)...), value...)
	}
	item := func(length uint32) []byte { return append([]byte{0xFE, 0xFF, 0x00, 0xE0}, le32(length)...) }
	const huge = 0xFFFFFFF0
	nestedBomb := []byte{}
	for range 100 {
		nestedBomb = append(nestedBomb, element(0x0008, 0x1140, "SQ", 0xFFFFFFFF, "")...)
		nestedBomb = append(nestedBomb, item(0xFFFFFFFF)...)
	}
	for name, tail := range map[string][]byte{
		"a 4 GB text value":                  element(0x0030, 0x1000, "UT", huge, "abc"),
		"a 4 GB private OB":                  element(0x0009, 0x1000, "OB", huge, "abc"),
		"a 2 GB UN":                          element(0x0030, 0x1000, "UN", 0x7FFFFFF0, "abc"),
		"a sequence longer than the file":    append(element(0x0008, 0x1140, "SQ", 4096, ""), item(8)...),
		"an item longer than its sequence":   append(element(0x0008, 0x1140, "SQ", 8, ""), item(huge)...),
		"a 4 GB value inside an item":        append(append(element(0x0008, 0x1140, "SQ", 0xFFFFFFFF, ""), item(0xFFFFFFFF)...), element(0x0030, 0x1000, "UT", huge, "x")...),
		"an item that is never closed":       append(element(0x0008, 0x1140, "SQ", 0xFFFFFFFF, ""), item(0xFFFFFFFF)...),
		"sequences nested 100 levels deep":   nestedBomb,
		"a pixel data fragment past the end": append(element(0x7FE0, 0x0010, "OB", 0xFFFFFFFF, ""), item(huge)...),
	} {
		t.Run(name, func(t *testing.T) {
			data := append(bytes.Clone(file), tail...)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := dicomcheck.Check(bytes.NewReader(data), int64(len(data)))
			runtime.ReadMemStats(&after)
			var p *dicomcheck.Problem
			if !errors.As(err, &p) || p.Code != dicomcheck.CodeUnparseable {
				t.Fatalf("Check = %v; want %s", err, dicomcheck.CodeUnparseable)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
				t.Errorf("checking a %d-byte file allocated %d MB", len(data), grew>>20)
			}
		})
	}
}

// TestPrescanKeepsEveryParseableFile: the length pre-check must not refuse a file the parser
// reads (pydicom's real files, used in place), except deflated ones, which the app never sends.
func TestPrescanKeepsEveryParseableFile(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(pydicomFiles, "*.dcm"))
	if err != nil || len(paths) < 50 {
		t.Fatalf("pydicom test files not found in %s: %v", pydicomFiles, err)
	}
	checked := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < 132 || string(data[128:132]) != "DICM" {
			continue
		}
		if _, err := dicom.Parse(bytes.NewReader(data), int64(len(data)), nil, dicom.SkipPixelData()); err != nil {
			continue
		}
		checked++
		err = dicomcheck.Check(bytes.NewReader(data), int64(len(data)))
		var p *dicomcheck.Problem
		if errors.As(err, &p) && p.Code == dicomcheck.CodeUnparseable && !strings.HasPrefix(p.Message, "Deflated") {
			t.Errorf("%s: the parser reads it but Check says %q", filepath.Base(path), p.Message)
		}
	}
	if checked < 40 {
		t.Errorf("only %d parseable files checked", checked)
	}
}
