package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"testing"
	"time"
)

// streamEntry is one entry as a streaming reader sees it.
type streamEntry struct {
	name   string
	method uint16
	data   []byte
}

// readStream reads a zip archive from the start, local header by local header, the way
// Java's ZipInputStream does: it never looks at the central directory, so an entry's
// size must be known from its local header, or (only for a deflated entry) from the
// end of the deflate stream. Like ZipInputStream it refuses a stored entry with a data
// descriptor ("only DEFLATED entries can have EXT descriptor").
func readStream(b []byte) ([]streamEntry, error) {
	var out []streamEntry
	r := bytes.NewReader(b)
	for {
		var sig uint32
		if err := binary.Read(r, binary.LittleEndian, &sig); err != nil {
			return nil, fmt.Errorf("signature: %w", err)
		}
		if sig == 0x02014b50 || sig == 0x06054b50 { // central directory: done
			return out, nil
		}
		if sig != 0x04034b50 {
			return nil, fmt.Errorf("bad local header signature %#x", sig)
		}
		var h struct {
			Version, Flags, Method, Time, Date uint16
			CRC, CSize, USize                  uint32
			NameLen, ExtraLen                  uint16
		}
		if err := binary.Read(r, binary.LittleEndian, &h); err != nil {
			return nil, err
		}
		name := make([]byte, h.NameLen)
		if _, err := io.ReadFull(r, name); err != nil {
			return nil, err
		}
		if _, err := r.Seek(int64(h.ExtraLen), io.SeekCurrent); err != nil {
			return nil, err
		}
		desc := h.Flags&0x8 != 0
		var data []byte
		switch h.Method {
		case 0:
			if desc {
				return nil, fmt.Errorf("%s: only DEFLATED entries can have EXT descriptor", name)
			}
			data = make([]byte, h.CSize)
			if _, err := io.ReadFull(r, data); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if h.USize != h.CSize {
				return nil, fmt.Errorf("%s: stored sizes differ", name)
			}
		case 8:
			start := r.Size() - int64(r.Len())
			// The deflate stream ends itself; count what it consumed.
			cr := &countReader{r: r}
			fr := flate.NewReader(cr)
			var err error
			data, err = io.ReadAll(fr)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			// flate may read ahead; position after the compressed data, which the
			// descriptor or the local header tells.
			used := int64(h.CSize)
			if desc {
				used = int64(cr.n) // bounded below by what was read; find the descriptor
				// Search for the descriptor from the deflate stream's end: its CRC
				// and sizes must agree with the data.
				crc := crc32.ChecksumIEEE(data)
				found := false
				for off := start; off+12 <= r.Size(); off++ {
					p := b[off:]
					if len(p) >= 16 && binary.LittleEndian.Uint32(p) == 0x08074b50 &&
						binary.LittleEndian.Uint32(p[4:]) == crc && int(binary.LittleEndian.Uint32(p[12:])) == len(data) {
						h.CRC = crc
						used = off - start
						if _, err := r.Seek(off+16, io.SeekStart); err != nil {
							return nil, err
						}
						found = true
						break
					}
				}
				if !found {
					return nil, fmt.Errorf("%s: no data descriptor", name)
				}
			} else if _, err := r.Seek(start+used, io.SeekStart); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%s: method %d", name, h.Method)
		}
		if crc32.ChecksumIEEE(data) != h.CRC {
			return nil, fmt.Errorf("%s: CRC mismatch", name)
		}
		out = append(out, streamEntry{name: string(name), method: h.Method, data: data})
	}
}

type countReader struct {
	r io.Reader
	n int
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestStreamingReaderOpensEveryEntry(t *testing.T) {
	d := doc(t)
	b, err := Write(d, options(d))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := readStream(b)
	if err != nil {
		t.Fatalf("streaming reader: %v", err)
	}
	p := readPkg(t, b)
	if len(entries) != len(p.names) {
		t.Fatalf("streaming reader saw %d entries, the central directory lists %d", len(entries), len(p.names))
	}
	stored := 0
	for i, e := range entries {
		if e.name != p.names[i] {
			t.Errorf("entry %d is %s, want %s", i, e.name, p.names[i])
		}
		if !bytes.Equal(e.data, p.files[e.name]) {
			t.Errorf("%s: streamed bytes differ", e.name)
		}
		if e.method == 0 {
			stored++
		}
	}
	if stored == 0 {
		t.Error("no stored entry (pictures): the test no longer covers the stored case")
	}
}

// The reader itself refuses what Java refuses.
func TestStreamingReaderRefusesStoredDescriptor(t *testing.T) {
	// A local header for a stored entry with the descriptor flag set.
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint32(0x04034b50))
	binary.Write(&b, binary.LittleEndian, []uint16{20, 0x8, 0, 0, 0})
	binary.Write(&b, binary.LittleEndian, []uint32{0, 0, 0})
	binary.Write(&b, binary.LittleEndian, []uint16{1, 0})
	b.WriteString("a")
	_, err := readStream(b.Bytes())
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("EXT descriptor")) {
		t.Fatalf("got %v, want the EXT descriptor refusal", errors.Unwrap(err))
	}
}

// The package is written into a buffer sized once: packSize of its parts bounds the
// bytes written, so the buffer never regrows (a regrown buffer has a larger capacity
// than the bound), and every part, deflated by the one reused compressor or stored,
// reads back whole.
func TestPackSizeBoundsPackage(t *testing.T) {
	d := doc(t)
	b, err := Write(d, options(d))
	if err != nil {
		t.Fatal(err)
	}
	p := readPkg(t, b)
	var parts []part
	for _, name := range p.names {
		parts = append(parts, part{name: name, data: p.files[name]})
	}
	bound := packSize(parts)
	if len(b) > bound {
		t.Fatalf("package is %d bytes, packSize bounds it at %d", len(b), bound)
	}
	if cap(b) != bound {
		t.Errorf("buffer capacity %d, want the bound %d (it regrew, or was not sized up front)", cap(b), bound)
	}
	// Incompressible content: deflate's worst case still fits the bound.
	noise := make([]byte, 300_000)
	x := uint32(1)
	for i := range noise {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		noise[i] = byte(x)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, xmlLevel)
	})
	f, err := zw.CreateHeader(&zip.FileHeader{Name: "word/noise.xml", Method: zip.Deflate, Modified: zipTime(time.Time{})})
	if err != nil {
		t.Fatal(err)
	}
	f.Write(noise)
	zw.Close()
	if n := packSize([]part{{name: "word/noise.xml", data: noise}}); buf.Len() > n {
		t.Errorf("incompressible part: %d bytes, bound %d", buf.Len(), n)
	}
}

// esc's shortcut (text that needs no escaping is returned as it is) writes what
// xml.EscapeText writes, for every character up to U+10FFFF and for broken UTF-8.
func TestEscMatchesEscapeText(t *testing.T) {
	ref := func(s string) string {
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	check := func(s string) {
		t.Helper()
		if got, want := esc(s), ref(s); got != want {
			t.Fatalf("esc(%q) = %q, want %q", s, got, want)
		}
	}
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r >= 0x3000 && r < 0xD000 && r%97 != 0 {
			continue // the Han blocks: a sample
		}
		check("职" + string(r) + "a")
	}
	for _, s := range []string{"", "plain", "全市\xff中职", "\xe8\x81", "a\tb\r\nc", `<&>"'`, "\uFFFD", "\U0001F600"} {
		check(s)
	}
	// A run of one segment (the shortcut) and of several.
	for in, want := range map[string]string{
		"a<b":    `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">a&lt;b</w:t></w:r>`,
		"a\tb":   `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">a</w:t><w:tab/><w:t xml:space="preserve">b</w:t></w:r>`,
		"a\r\nb": `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">a</w:t><w:br/><w:t xml:space="preserve">b</w:t></w:r>`,
		"a\rb":   `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">a&#xD;b</w:t></w:r>`,
	} {
		if got := run(in, "<w:b/>"); got != want {
			t.Errorf("run(%q) = %s, want %s", in, got, want)
		}
	}
}
