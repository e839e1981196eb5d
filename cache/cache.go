// Package cache keeps bytes derived from other bytes — a photo's verdict, a workbook's
// cells, a chart's PNG, a compressed font — in a directory on disk, each under the hash
// of everything it was derived from, so that a rebuild of an unchanged report does not
// derive them again.
//
// A store never changes what a build makes: an entry is found only under the hash of
// the exact inputs (and of the program's version), it carries a checksum of its key and
// payload, and one that is missing, cut short, garbled or unreadable is simply derived
// again. Entries are written atomically (a temporary file renamed into place). Failing
// to write is no error. The nil *Dir stores nothing, so callers need no second path.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
)

// magic begins every entry; the sha256 of key and payload follows, then the payload.
const magic = "reportc-cache\n"

// Dir is a store in one directory. Its version (the program's identity, and a tag the
// caller changes when what it derives changes) is part of every key.
type Dir struct {
	path    string
	version string
}

// New returns the store in path, created when first written; "" gives nil, a store
// that keeps nothing.
func New(path, version string) *Dir {
	if path == "" {
		return nil
	}
	return &Dir{path: path, version: version}
}

// Path is the store's directory ("" for the nil store).
func (d *Dir) Path() string {
	if d == nil {
		return ""
	}
	return d.path
}

// Key names the entry of kind derived from parts: kind, then the sha256 of the store's
// version, kind and every part (each with its length, so that parts cannot run into
// one another). kind must be a plain file-name word.
func (d *Dir) Key(kind string, parts ...[]byte) string {
	h := sha256.New()
	var n [8]byte
	for _, p := range append([][]byte{[]byte(d.versionOf()), []byte(kind)}, parts...) {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	return kind + "-" + hex.EncodeToString(h.Sum(nil))
}

func (d *Dir) versionOf() string {
	if d == nil {
		return ""
	}
	return d.version
}

func entrySum(key string, payload []byte) []byte {
	h := sha256.New()
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write(payload)
	return h.Sum(nil)
}

// Get returns the payload stored under key; false when there is none, or it is damaged.
func (d *Dir) Get(key string) ([]byte, bool) {
	if d == nil {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join(d.path, key))
	if err != nil || !bytes.HasPrefix(b, []byte(magic)) || len(b) < len(magic)+sha256.Size {
		return nil, false
	}
	b = b[len(magic):]
	sum, payload := b[:sha256.Size], b[sha256.Size:]
	if !bytes.Equal(sum, entrySum(key, payload)) {
		return nil, false
	}
	return payload, true
}

// Put stores payload under key, atomically, so that a reader never sees half an entry.
func (d *Dir) Put(key string, payload []byte) {
	if d == nil {
		return
	}
	if err := os.MkdirAll(d.path, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(d.path, ".entry-*")
	if err != nil {
		return
	}
	b := make([]byte, 0, len(magic)+sha256.Size+len(payload))
	b = append(b, magic...)
	b = append(b, entrySum(key, payload)...)
	b = append(b, payload...)
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), filepath.Join(d.path, key)) != nil {
		os.Remove(tmp.Name())
	}
}

// Derive returns the entry of kind for parts, deriving and storing it when it is not
// stored (or when the store is nil). derive's error is returned and nothing is stored.
func (d *Dir) Derive(kind string, derive func() ([]byte, error), parts ...[]byte) ([]byte, error) {
	if d == nil {
		return derive()
	}
	key := d.Key(kind, parts...)
	if b, ok := d.Get(key); ok {
		return b, nil
	}
	b, err := derive()
	if err != nil {
		return nil, err
	}
	d.Put(key, b)
	return b, nil
}
