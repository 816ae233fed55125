package hooks

import (
	"errors"
	"io/fs"
	"time"

	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/filesystem/blob"
)

// storageListTries bounds ListStored's retries; deleting one record's files takes milliseconds.
const storageListTries = 6

// ListStored lists the stored files under prefix, like fsys.List, but takes the listing
// again when a file vanished while it was being listed. PocketBase deletes a deleted record's
// files in the background, and on local disk its listing walks the folders and fails outright
// when a file read from a folder is gone by the time it is stat-ed (fileblob.ListPaged returns
// the info.Info() error): a sweep or a test listing while an account is deleted would stop there.
func ListStored(fsys *filesystem.System, prefix string) ([]*blob.ListObject, error) {
	wait := 5 * time.Millisecond
	for try := 1; ; try++ {
		objects, err := fsys.List(prefix)
		if err == nil || try == storageListTries || !(errors.Is(err, blob.ErrNotFound) || errors.Is(err, fs.ErrNotExist)) {
			return objects, err
		}
		time.Sleep(wait)
		wait *= 2
	}
}
