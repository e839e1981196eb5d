package cache

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestRoundTripAndDamage(t *testing.T) {
	d := New(filepath.Join(t.TempDir(), "c"), "v1")
	key := d.Key("font", []byte("ab"), []byte("c"))
	if _, ok := d.Get(key); ok {
		t.Fatal("an empty store has an entry")
	}
	d.Put(key, []byte("payload"))
	if b, ok := d.Get(key); !ok || string(b) != "payload" {
		t.Fatalf("Get = %q, %v", b, ok)
	}
	path := filepath.Join(d.Path(), key)
	whole, _ := os.ReadFile(path)
	for name, damage := range map[string][]byte{
		"cut":      whole[:len(whole)-2],
		"garbled":  append(append([]byte{}, whole[:len(whole)-1]...), 'X'),
		"no magic": whole[3:],
		"empty":    nil,
	} {
		os.WriteFile(path, damage, 0o644)
		if b, ok := d.Get(key); ok {
			t.Errorf("%s entry read as %q", name, b)
		}
	}
	// An entry moved to another key's name is not that key's.
	d.Put(key, []byte("payload"))
	other := d.Key("font", []byte("a"), []byte("bc"))
	if other == key {
		t.Fatal("parts running into one another give the same key")
	}
	b, _ := os.ReadFile(path)
	os.WriteFile(filepath.Join(d.Path(), other), b, 0o644)
	if _, ok := d.Get(other); ok {
		t.Error("an entry renamed to another key is accepted")
	}
	if New(d.Path(), "v2").Key("font", []byte("ab"), []byte("c")) == key {
		t.Error("the version is not part of the key")
	}
	if (&Dir{}).Key("a", []byte("x")) == (&Dir{}).Key("b", []byte("x")) {
		t.Error("the kind is not part of the key")
	}
}

func TestDerive(t *testing.T) {
	d := New(filepath.Join(t.TempDir(), "c"), "v")
	calls := 0
	derive := func() ([]byte, error) { calls++; return []byte("x"), nil }
	for i := 0; i < 3; i++ {
		if b, err := d.Derive("k", derive, []byte("in")); err != nil || string(b) != "x" {
			t.Fatalf("Derive = %q, %v", b, err)
		}
	}
	if calls != 1 {
		t.Errorf("derived %d times, want once", calls)
	}
	boom := errors.New("boom")
	if _, err := d.Derive("k", func() ([]byte, error) { return nil, boom }, []byte("other")); err != boom {
		t.Errorf("err = %v", err)
	}
	if _, ok := d.Get(d.Key("k", []byte("other"))); ok {
		t.Error("a failed derivation was stored")
	}
	var none *Dir
	calls = 0
	none.Derive("k", derive, []byte("in"))
	none.Derive("k", derive, []byte("in"))
	if calls != 2 || none.Path() != "" {
		t.Errorf("the nil store kept something: %d calls", calls)
	}
	none.Put("k", []byte("x"))
	if _, ok := none.Get("k"); ok {
		t.Error("the nil store returned an entry")
	}
}

// A directory that cannot be created is no error: nothing is stored.
func TestUnwritable(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	d := New(filepath.Join(f, "sub"), "v")
	d.Put("k", []byte("x"))
	if _, ok := d.Get("k"); ok {
		t.Error("stored under a file")
	}
}
