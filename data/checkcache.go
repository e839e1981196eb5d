package data

import "github.com/reportc/reportc/cache"

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

// checkCache is the store of check results (package cache). The nil *checkCache (no
// cache directory) stores nothing.
type checkCache struct {
	d *cache.Dir
}

func newCheckCache(o Options) *checkCache {
	if o.CheckCache == "" {
		return nil
	}
	return &checkCache{d: cache.New(o.CheckCache, checkCacheVersion+"\x00"+o.Version)}
}

// key is the name of the entry for checking b as kind: the hash of the cache's version,
// the program's, the kind and every byte checked.
func (c *checkCache) key(kind string, b []byte) string { return c.d.Key(kind, b) }

// get returns the payload stored under key; false when there is none or it is damaged.
func (c *checkCache) get(key string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	return c.d.Get(key)
}

// put stores payload under key; failing to store is not an error.
func (c *checkCache) put(key string, payload []byte) {
	if c != nil {
		c.d.Put(key, payload)
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
