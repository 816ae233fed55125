package research

import (
	"errors"
	"io"

	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// Reading ahead: a goroutine reads the next stored files while the ZIP writer hashes and sends
// the current one. On a 2-core server, reading (a copy out of the page cache or an S3 body) and
// hashing plus sending then take a core each, instead of taking turns on one; memory stays
// aheadBuffers × aheadChunk, whatever the size of the files or of the export.
const (
	aheadChunk   = 256 << 10
	aheadBuffers = 12
)

// chunk is the next piece of the file being read, or its end (eof) or failure (err).
type chunk struct {
	data []byte
	eof  bool
	err  error
}

// readAhead reads files (storage keys) in order. Chunks come out of next in that order, each
// file ending with an eof or err chunk; give every chunk's data back with release. stop ends
// the goroutine early (the client went away).
type readAhead struct {
	next chan chunk
	free chan []byte
	done chan struct{}
}

func newReadAhead() *readAhead {
	ra := &readAhead{free: make(chan []byte, aheadBuffers), done: make(chan struct{})}
	for range aheadBuffers {
		ra.free <- make([]byte, aheadChunk)
	}
	return ra
}

// start reads keys from fsys; it must not be called again before every chunk of the previous
// call was received.
func (ra *readAhead) start(fsys *filesystem.System, keys []string) {
	ra.next = make(chan chunk, aheadBuffers)
	go func(next chan<- chunk) {
		defer close(next)
		for _, key := range keys {
			if !ra.readFile(fsys, key, next) {
				return
			}
		}
	}(ra.next)
}

// readFile sends one file's chunks; false when stopped.
func (ra *readAhead) readFile(fsys *filesystem.System, key string, next chan<- chunk) bool {
	send := func(c chunk) bool {
		select {
		case next <- c:
			return true
		case <-ra.done:
			return false
		}
	}
	r, err := fsys.GetReader(key)
	if err != nil {
		return send(chunk{err: err})
	}
	defer r.Close()
	for {
		var buf []byte
		select {
		case buf = <-ra.free:
		case <-ra.done:
			return false
		}
		// a plain io.Reader: blob.Reader's WriteTo would copy in 4 KB pieces
		// (tools/filesystem/blob/reader.go)
		n, err := io.ReadFull(struct{ io.Reader }{r}, buf)
		if n > 0 && !send(chunk{data: buf[:n]}) {
			return false
		}
		if n == 0 {
			ra.free <- buf
		}
		switch {
		case err == nil:
			continue
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return send(chunk{eof: true})
		default:
			return send(chunk{err: err})
		}
	}
}

func (ra *readAhead) release(data []byte) { ra.free <- data[:cap(data)] }

// stop ends the reading goroutine and waits until it has let go of its files.
func (ra *readAhead) stop() {
	close(ra.done)
	if ra.next != nil {
		for c := range ra.next {
			_ = c
		}
	}
}
