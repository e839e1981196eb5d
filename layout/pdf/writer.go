package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strconv"
)

// contentLevel is the zlib level of page content streams, ToUnicode maps and image
// pixels. Measured on the example (78 pages, BenchmarkWritePDF in package build):
// BestSpeed compresses them in about 9 ms of CPU, the default level in about 24 ms for
// a file 23 KB (3 %) smaller.
const contentLevel = zlib.BestSpeed

// objWriter writes a PDF file front to back in one buffer: objects in the order the
// caller writes them, each numbered by reserve, then a classic cross-reference table and
// the trailer. Streams are compressed by one zlib writer reset for each stream. Nothing
// depends on maps or the clock: the same calls give the same bytes.
type objWriter struct {
	buf  []byte
	offs []int // offs[n] is where object n begins; -1 while it is only reserved
	zw   *zlib.Writer
	zbuf bytes.Buffer
}

// newObjWriter starts a file; size is a guess of its length, to allocate the buffer
// once in the common case.
func newObjWriter(size int) *objWriter {
	w := &objWriter{buf: make([]byte, 0, size), offs: []int{0}}
	w.zw, _ = zlib.NewWriterLevel(&w.zbuf, contentLevel) // the level is valid
	// A binary comment after the header tells transfer programs the file is binary.
	w.buf = append(w.buf, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"...)
	return w
}

// reserve returns a new object number; the object must be written before finish.
func (w *objWriter) reserve() int {
	w.offs = append(w.offs, -1)
	return len(w.offs) - 1
}

func (w *objWriter) begin(n int) {
	w.offs[n] = len(w.buf)
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
	w.buf = append(w.buf, " 0 obj\n"...)
}

func (w *objWriter) end() { w.buf = append(w.buf, "\nendobj\n"...) }

// put writes object n with the given body.
func (w *objWriter) put(n int, body string) {
	w.begin(n)
	w.buf = append(w.buf, body...)
	w.end()
}

// add writes a new object and returns its number.
func (w *objWriter) add(body string) int {
	n := w.reserve()
	w.put(n, body)
	return n
}

// putRaw writes object n whose body is already made (a stream compressed elsewhere).
func (w *objWriter) putRaw(n int, body []byte) {
	w.begin(n)
	w.buf = append(w.buf, body...)
	w.end()
}

// putStream writes object n as a stream of data compressed with Flate; dict holds the
// other entries of its dictionary (each with a leading space), without /Length.
func (w *objWriter) putStream(n int, dict string, data []byte) error {
	z, err := w.compress(data)
	if err != nil {
		return err
	}
	w.putStored(n, dict+" /Filter /FlateDecode", z)
	return nil
}

// addStream writes a new compressed stream object and returns its number.
func (w *objWriter) addStream(dict string, data []byte) (int, error) {
	n := w.reserve()
	return n, w.putStream(n, dict, data)
}

// putStored writes object n as a stream of data as it is (already encoded; dict names
// the filter if there is one).
func (w *objWriter) putStored(n int, dict string, data []byte) {
	w.begin(n)
	w.buf = append(w.buf, "<</Length "...)
	w.buf = strconv.AppendInt(w.buf, int64(len(data)), 10)
	w.buf = append(w.buf, dict...)
	w.buf = append(w.buf, ">>\nstream\n"...)
	w.buf = append(w.buf, data...)
	w.buf = append(w.buf, "\nendstream"...)
	w.end()
}

// compress returns data compressed by the shared writer; the result is valid until the
// next call.
func (w *objWriter) compress(data []byte) ([]byte, error) {
	w.zbuf.Reset()
	w.zw.Reset(&w.zbuf)
	if _, err := w.zw.Write(data); err != nil {
		return nil, err
	}
	if err := w.zw.Close(); err != nil {
		return nil, err
	}
	return w.zbuf.Bytes(), nil
}

// finish writes the cross-reference table and the trailer and returns the file.
func (w *objWriter) finish(root, info int) ([]byte, error) {
	for n := 1; n < len(w.offs); n++ {
		if w.offs[n] < 0 {
			return nil, fmt.Errorf("对象 %d 已编号但没有写出", n)
		}
	}
	xref := len(w.buf)
	w.buf = append(w.buf, "xref\n0 "...)
	w.buf = strconv.AppendInt(w.buf, int64(len(w.offs)), 10)
	w.buf = append(w.buf, "\n0000000000 65535 f \n"...)
	var e [20]byte
	for _, off := range w.offs[1:] {
		// Each entry is exactly 20 bytes: ten-digit offset, generation, "n", space, newline.
		s := strconv.AppendInt(e[:0], int64(off), 10)
		for i := len(s); i < 10; i++ {
			w.buf = append(w.buf, '0')
		}
		w.buf = append(w.buf, s...)
		w.buf = append(w.buf, " 00000 n \n"...)
	}
	w.buf = append(w.buf, "trailer\n<</Size "...)
	w.buf = strconv.AppendInt(w.buf, int64(len(w.offs)), 10)
	w.buf = append(w.buf, fmt.Sprintf(" /Root %d 0 R /Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", root, info, xref)...)
	return w.buf, nil
}
