package main

import (
	"runtime/debug"
	"testing"
)

// gcSettings reads the current GC percent and memory limit without changing them.
func gcSettings() (int, int64) {
	pct := debug.SetGCPercent(100)
	debug.SetGCPercent(pct)
	return pct, debug.SetMemoryLimit(-1) // a negative limit only reads it
}

func TestTuneGCForBatch(t *testing.T) {
	pct0, lim0 := gcSettings()
	restore := tuneGCForBatch(func(string) string { return "" })
	if pct, lim := gcSettings(); pct != batchGCPercent || lim != batchMemoryLimit {
		t.Errorf("batch settings: GOGC %d, limit %d; want %d, %d", pct, lim, batchGCPercent, batchMemoryLimit)
	}
	restore()
	if pct, lim := gcSettings(); pct != pct0 || lim != lim0 {
		t.Errorf("not restored: GOGC %d, limit %d; want %d, %d", pct, lim, pct0, lim0)
	}
	// The user's GOGC and GOMEMLIMIT win: nothing is changed.
	restore = tuneGCForBatch(func(k string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}[k] })
	if pct, lim := gcSettings(); pct != pct0 || lim != lim0 {
		t.Errorf("with GOGC and GOMEMLIMIT set: GOGC %d, limit %d; want %d, %d unchanged", pct, lim, pct0, lim0)
	}
	restore()
	// Only GOGC set: the limit still applies.
	restore = tuneGCForBatch(func(k string) string { return map[string]string{"GOGC": "50"}[k] })
	if pct, lim := gcSettings(); pct != pct0 || lim != batchMemoryLimit {
		t.Errorf("with GOGC set: GOGC %d, limit %d; want %d, %d", pct, lim, pct0, batchMemoryLimit)
	}
	restore()
}
