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

// newCheckCache is the store of check results (package cache); nil (no cache
// directory) stores nothing.
func newCheckCache(o Options) *cache.Dir {
	return cache.New(o.CheckCache, checkCacheVersion+"\x00"+o.Version)
}

// cachedImageProblem is imageProblem(b), from the store when this program has checked
// the same bytes before.
func cachedImageProblem(store *cache.Dir, b []byte) string {
	msg, _ := store.Derive("image", func() ([]byte, error) { return []byte(imageProblem(b)), nil }, b)
	return string(msg)
}
