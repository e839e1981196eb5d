package pdfupdate

import (
	"bytes"
	"fmt"
	"testing"
)

func TestSetAndGetKey(t *testing.T) {
	d := []byte("<</Type /Page /Parent 2 0 R /Resources <</Font <</F1 5 0 R>>>> /Annots [7 0 R 8 0 R] /T (a /Annots b) /Contents 4 0 R>>")
	if got := string(GetKey(d, "Annots")); got != "[7 0 R 8 0 R]" {
		t.Errorf("Annots = %q", got)
	}
	if got := string(GetKey(d, "Resources")); got != "<</Font <</F1 5 0 R>>>>" {
		t.Errorf("Resources = %q", got)
	}
	if GetKey(d, "F1") != nil {
		t.Error("found a key of a nested dictionary")
	}
	out, err := SetKey(d, "Contents", "[9 0 R 4 0 R]")
	if err != nil || !bytes.Contains(out, []byte("/Contents [9 0 R 4 0 R]>>")) || !bytes.Contains(out, []byte("(a /Annots b)")) {
		t.Errorf("SetKey replaced wrongly: %s (%v)", out, err)
	}
	out, _ = SetKey(d, "AcroForm", "<</Fields []>>")
	if !bytes.HasSuffix(out, []byte("/AcroForm <</Fields []>>>>")) || !bytes.HasPrefix(out, d[:len(d)-2]) {
		t.Errorf("SetKey added wrongly: %s", out)
	}
	if _, err := SetKey([]byte("[1 2]"), "A", "1"); err == nil {
		t.Error("SetKey accepted an array")
	}
}

// TestChain reads objects through two updates: the newest version of each wins.
func TestChain(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	o1 := b.Len()
	b.WriteString("1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n")
	o2 := b.Len()
	b.WriteString("2 0 obj\n<</Type /Pages /Kids [3 0 R] /Count 1>>\nendobj\n")
	o3 := b.Len()
	b.WriteString("3 0 obj\n<</Type /Page /Parent 2 0 R>>\nendobj\n")
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 4\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n%010d 00000 n \ntrailer\n<</Size 4 /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", o1, o2, o3, x)
	f, err := Open(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	u := f.NewUpdate()
	n := u.Add([]byte("<</Hello 1>>"))
	u.Set(3, []byte("<</Type /Page /Parent 2 0 R /Rotate 90>>"))
	one, _ := u.Bytes()
	f2, err := Open(one)
	if err != nil {
		t.Fatal(err)
	}
	u2 := f2.NewUpdate()
	if m := u2.Add([]byte("<</Bye 1>>")); m != n+1 {
		t.Errorf("second update numbers from %d, want %d", m, n+1)
	}
	two, _ := u2.Bytes()
	f3, err := Open(two)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := f3.Object(3)
	h, _ := f3.Object(n)
	c, _ := f3.Object(1)
	if string(p) != "<</Type /Page /Parent 2 0 R /Rotate 90>>" || string(h) != "<</Hello 1>>" || !bytes.Contains(c, []byte("Catalog")) {
		t.Errorf("objects: %s | %s | %s", p, h, c)
	}
	pages, err := f3.Pages()
	if err != nil || len(pages) != 1 || pages[0] != 3 {
		t.Errorf("pages %v %v", pages, err)
	}
	if _, err := Open([]byte("%PDF-1.4\nnothing")); err == nil {
		t.Error("opened a file without startxref")
	}
}

// FuzzOpen: no input makes Open, Pages or GetKey panic (go test runs the seeds only).
func FuzzOpen(f *testing.F) {
	f.Add([]byte("%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 1 /Root 1 0 R /Prev 0>>\nstartxref\n9\n%%EOF\n"))
	f.Add([]byte("startxref\n99999\n%%EOF"))
	f.Add([]byte("1 0 obj <</Kids [1 0 R 1 0 R 1 0 R]>> endobj xref\n0 2\n0000000000 65535 f \n0000000000 00000 n \ntrailer <</Size 2 /Root 1 0 R>>\nstartxref\n53\n%%EOF"))
	f.Add([]byte("1 0 obj <</Kids [1 0 R]>> endobj xref\n0 2\n0000000000 65535 f \n0000000000 00000 n \ntrailer <</Size 2 /Root 1 0 R>>\nstartxref\n30\n%%EOF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		GetKey(b, "Annots")
		SetKey(b, "A", "1")
		if file, err := Open(b); err == nil {
			file.Pages()
			file.Object(1)
		}
	})
}
