package research

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// headerPrefix is how much of each DICOM file is kept while it streams, to read its header
// from: a CT header is a few KiB. A longer header reads the file's head again (maxHeader).
const (
	headerPrefix = 64 << 10
	maxHeader    = 8 << 20
)

// Totals counts what an export holds.
type Totals struct {
	Cases     int   `json:"cases"`
	Series    int   `json:"series"`
	Instances int   `json:"instances"`
	Bytes     int64 `json:"bytes"`
}

// exporter writes one dataset ZIP. Memory stays constant in the number of cases: files are
// copied through one buffer, and what is kept per series is a manifest row.
type exporter struct {
	app      core.App
	fsys     *filesystem.System
	imagesID string
	sel      Selection
	appURL   string
	zw       *zip.Writer
	modified time.Time
	ahead    *readAhead
	prefix   bytes.Buffer
	sums     bytes.Buffer
	rows     []manifestRow
	totals   Totals
	// progress is called after each file (the HTTP handler extends its write deadline).
	progress func()
}

// writeExport streams the dataset of the selected cases to w. The ZIP's every timestamp is
// the newest update among the exported records, and its order is fixed (cases oldest first,
// series by their order, slices by index), so the same selection over the same data gives the
// same bytes.
func writeExport(app core.App, w io.Writer, sel Selection, cases []caseRow, progress func()) (Totals, error) {
	fsys, err := app.NewFilesystem() // local disk or S3, as configured
	if err != nil {
		return Totals{}, err
	}
	defer fsys.Close()
	images, err := app.FindCachedCollectionByNameOrId("images")
	if err != nil {
		return Totals{}, err
	}
	x := &exporter{app: app, fsys: fsys, imagesID: images.Id, sel: sel, appURL: app.Settings().Meta.AppURL,
		zw: zip.NewWriter(w), ahead: newReadAhead(), progress: progress}
	defer x.ahead.stop()
	for _, c := range cases {
		if t := parseDate(c.Updated); t.After(x.modified) {
			x.modified = t
		}
	}
	for _, c := range cases {
		if err := x.writeCase(c); err != nil {
			return x.totals, err
		}
	}
	if err := x.writeMetadata(); err != nil {
		return x.totals, err
	}
	return x.totals, x.zw.Close()
}

// create starts a ZIP entry: DICOM and everything else STORED (DICOM rarely compresses and
// readers can seek into it), with the export's fixed timestamp.
func (x *exporter) create(name string) (io.Writer, error) {
	return x.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: x.modified})
}

// add writes a small entry from memory and records its checksum.
func (x *exporter) add(name string, data []byte) error {
	w, err := x.create(name)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	x.sum(name, sum[:])
	return nil
}

// sum adds a line in sha256sum's format, so `sha256sum -c SHA256SUMS` checks an unpacked copy.
func (x *exporter) sum(name string, sum []byte) {
	fmt.Fprintf(&x.sums, "%s  %s\n", hex.EncodeToString(sum), name)
}

func (x *exporter) writeCase(c caseRow) error {
	rows, err := caseInstances(x.app, c.ID)
	if err != nil {
		return err
	}
	sr := srCase{ID: c.ID, Code: c.Code, Title: c.CodeTitle, Release: releaseOf(c.Code), Region: c.Region,
		OtherLabel: c.OtherLabel, Updated: parseDate(c.Updated)}
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = x.imagesID + "/" + r.Image + "/" + r.Dicom
	}
	x.ahead.start(x.fsys, keys)
	var series *seriesStats
	for i, r := range rows {
		if series == nil || series.id != r.Series {
			if series != nil {
				x.rows = append(x.rows, series.row(c, x.appURL))
			}
			series = &seriesStats{id: r.Series, plane: r.Plane, description: r.Description}
			x.totals.Series++
		}
		name := fmt.Sprintf("cases/%s/%s/%05d.dcm", c.ID, r.Series, series.count+1)
		h, size, err := x.copyInstance(name, keys[i], r.Digest)
		if err != nil {
			return fmt.Errorf("case %s image %s: %w", c.ID, r.Image, err)
		}
		if i == 0 {
			sr.First = h
		}
		series.add(h, size)
		sr.Instances = append(sr.Instances, srInstance{Study: h.String(tagOf(0x0020, 0x000D)), Series: h.String(tagOf(0x0020, 0x000E)),
			Class: h.String(tagOf(0x0008, 0x0016)), Instance: h.String(tagOf(0x0008, 0x0018))})
		x.totals.Instances++
		x.totals.Bytes += size
		if x.progress != nil {
			x.progress()
		}
	}
	if series == nil {
		return nil // its images went between the selection and now: nothing to label
	}
	x.rows = append(x.rows, series.row(c, x.appURL))
	x.totals.Cases++
	return x.add("labels/"+c.ID+".dcm", buildSR(sr))
}

// copyInstance writes the next file of the read-ahead into the ZIP, keeping its head for the
// header. Its SHA-256 is the one taken at upload (images.dicom_sha256); a file stored before
// that field existed, or by a path that did not set it, is hashed here.
func (x *exporter) copyInstance(name, key, digest string) (header, int64, error) {
	w, err := x.create(name)
	if err != nil {
		return header{}, 0, err
	}
	x.prefix.Reset()
	var hasher hash.Hash
	if digest == "" {
		hasher = sha256.New()
	}
	var size int64
	for c := range x.ahead.next {
		if c.err != nil {
			return header{}, size, c.err
		}
		if c.eof {
			break
		}
		if room := headerPrefix - x.prefix.Len(); room > 0 {
			x.prefix.Write(c.data[:min(room, len(c.data))])
		}
		if hasher != nil {
			hasher.Write(c.data)
		}
		_, err := w.Write(c.data)
		size += int64(len(c.data))
		x.ahead.release(c.data)
		if err != nil {
			return header{}, size, err
		}
	}
	if hasher != nil {
		digest = hex.EncodeToString(hasher.Sum(nil))
	}
	fmt.Fprintf(&x.sums, "%s  %s\n", digest, name)
	h, err := parseHeader(x.prefix.Bytes())
	if errors.Is(err, errShortHeader) && size > int64(x.prefix.Len()) {
		h, err = x.readLongHeader(key)
	}
	if errors.Is(err, errShortHeader) {
		err = nil // a file without Pixel Data: its whole header was read
	}
	return h, size, err
}

func (x *exporter) readLongHeader(key string) (header, error) {
	r, err := x.fsys.GetReader(key)
	if err != nil {
		return header{}, err
	}
	defer r.Close()
	head, err := io.ReadAll(io.LimitReader(r, maxHeader))
	if err != nil {
		return header{}, err
	}
	return parseHeader(head)
}

// hashingWriter counts and hashes what goes through it (the ZIP as sent, for the audit row).
type hashingWriter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func newHashingWriter(w io.Writer) *hashingWriter { return &hashingWriter{w: w, h: sha256.New()} }

func (c *hashingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.h.Write(p[:n])
	c.n += int64(n)
	return n, err
}

func (c *hashingWriter) Sum() string { return hex.EncodeToString(c.h.Sum(nil)) }
