package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
)

// Options change how Load goes about its work, never what it finds: a report loads to
// the same Report, errors and warnings with any Options.
type Options struct {
	// CheckCache, when not empty, is a directory where Load keeps the results of costly
	// checks (a photo decoded completely to find damage) under the hash of the bytes
	// checked, so that an unchanged file is not checked again. It is created when
	// needed; an entry that is missing, unreadable or damaged is checked afresh.
	CheckCache string
	// Version names the program that checks (build.Builder passes its executable's
	// identity): it is part of every key, so a new reportc never trusts an old one's
	// results.
	Version string
}

// checkCacheVersion is part of every key; change it when a cached check changes.
const checkCacheVersion = "reportc check cache 1"

// checkCacheMagic begins every entry, followed by the sha256 of key and payload and
// then the payload: an entry cut short or garbled is noticed and recomputed.
const checkCacheMagic = "reportc-check\n"

// checkCache is the on-disk store of check results. The nil *checkCache (no cache
// directory) stores nothing.
type checkCache struct {
	dir     string
	version string
}

func newCheckCache(o Options) *checkCache {
	if o.CheckCache == "" {
		return nil
	}
	return &checkCache{dir: o.CheckCache, version: o.Version}
}

// key is the name of the entry for checking b as kind: the hash of the cache's version,
// the program's, the kind and every byte checked.
func (c *checkCache) key(kind string, b []byte) string {
	h := sha256.New()
	for _, s := range []string{checkCacheVersion, c.version, kind} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(b)
	return kind + "-" + hex.EncodeToString(h.Sum(nil))
}

func entrySum(key string, payload []byte) []byte {
	h := sha256.New()
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write(payload)
	return h.Sum(nil)
}

// get returns the payload stored under key; false when there is none or it is damaged.
func (c *checkCache) get(key string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join(c.dir, key))
	if err != nil || !bytes.HasPrefix(b, []byte(checkCacheMagic)) || len(b) < len(checkCacheMagic)+sha256.Size {
		return nil, false
	}
	b = b[len(checkCacheMagic):]
	sum, payload := b[:sha256.Size], b[sha256.Size:]
	if !bytes.Equal(sum, entrySum(key, payload)) {
		return nil, false
	}
	return payload, true
}

// put stores payload under key, atomically (a temporary file renamed into place), so a
// reader never sees half an entry. Failing to store is not an error: the check is
// simply made again next time.
func (c *checkCache) put(key string, payload []byte) {
	if c == nil {
		return
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(c.dir, ".check-*")
	if err != nil {
		return
	}
	var b bytes.Buffer
	b.WriteString(checkCacheMagic)
	b.Write(entrySum(key, payload))
	b.Write(payload)
	_, werr := tmp.Write(b.Bytes())
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), filepath.Join(c.dir, key)) != nil {
		os.Remove(tmp.Name())
	}
}

// imageProblem is imageProblem(b), from the cache when this program has checked the
// same bytes before.
func (c *checkCache) imageProblem(b []byte) string {
	if c == nil {
		return imageProblem(b)
	}
	key := c.key("image", b)
	if msg, ok := c.get(key); ok {
		return string(msg)
	}
	msg := imageProblem(b)
	c.put(key, []byte(msg))
	return msg
}
