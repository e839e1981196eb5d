package data

import (
	"bytes"
	"encoding/gob"

	"github.com/reportc/reportc/cache"
	"github.com/xuri/excelize/v2"
)

// A book is a workbook as the checks read it: its sheet list, each sheet's cells as
// shown and as stored, its merged cells, and the formulas and types of the few cells
// probed. Reading a workbook with excelize (unzipping it, parsing each sheet's XML two
// or three times) was a fifth of loading the example, and a workbook seldom changes
// between two builds: so every answer is recorded, and with a check cache the record
// is kept under the hash of the workbook's bytes. The next load answers from the
// record and opens the workbook only for a question the record does not hold (a
// failed read is never recorded, so its error is always excelize's own).
type book struct {
	raw   []byte         // the file's bytes
	f     *excelize.File // nil until needed when answering from a record
	rec   bookRecord
	key   string     // the cache key; "" without a cache
	cache *cache.Dir // nil: no cache
	dirty bool       // rec gained answers not yet stored
}

// bookRecord is a book's answers; it is stored with encoding/gob, which keeps every
// string byte for byte (JSON would replace bytes that are not UTF-8).
type bookRecord struct {
	Sheets   []string
	Shown    map[string][][]string // sheet -> formatted cells
	Stored   map[string][][]string // sheet -> raw cell values
	Merges   map[string][]excelize.MergeCell
	Formulas map[string]string // sheet \x00 cell -> uncachedFormula
	Numbers  map[string]bool   // sheet \x00 cell -> numberCell
}

var openOptions = excelize.Options{UnzipSizeLimit: MaxUnzipBytes, UnzipXMLSizeLimit: MaxUnzipBytes}

// openBook opens a workbook's bytes: from the record in the cache when there is a sound
// one, else with excelize (whose error it returns).
func openBook(b []byte, store *cache.Dir) (*book, error) {
	bk := &book{raw: b, cache: store}
	if store != nil {
		bk.key = store.Key("workbook", b)
		if payload, ok := store.Get(bk.key); ok && gob.NewDecoder(bytes.NewReader(payload)).Decode(&bk.rec) == nil && len(bk.rec.Sheets) > 0 {
			bk.init()
			return bk, nil
		}
		bk.rec = bookRecord{}
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), openOptions)
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, err
	}
	bk.f = f
	bk.init()
	bk.rec.Sheets = f.GetSheetList()
	if bk.rec.Sheets == nil {
		bk.rec.Sheets = []string{}
	}
	bk.dirty = true
	return bk, nil
}

func (bk *book) init() {
	for _, m := range []*map[string][][]string{&bk.rec.Shown, &bk.rec.Stored} {
		if *m == nil {
			*m = map[string][][]string{}
		}
	}
	if bk.rec.Merges == nil {
		bk.rec.Merges = map[string][]excelize.MergeCell{}
	}
	if bk.rec.Formulas == nil {
		bk.rec.Formulas = map[string]string{}
	}
	if bk.rec.Numbers == nil {
		bk.rec.Numbers = map[string]bool{}
	}
}

// file is the workbook opened with excelize, opened now if it was not.
func (bk *book) file() (*excelize.File, error) {
	if bk.f == nil {
		f, err := excelize.OpenReader(bytes.NewReader(bk.raw), openOptions)
		if err != nil {
			if f != nil {
				f.Close()
			}
			return nil, err
		}
		bk.f = f
	}
	return bk.f, nil
}

// close stores new answers in the cache and closes the workbook.
func (bk *book) close() {
	if bk.dirty && bk.cache != nil {
		var payload bytes.Buffer
		if err := gob.NewEncoder(&payload).Encode(&bk.rec); err == nil {
			bk.cache.Put(bk.key, payload.Bytes())
		}
	}
	if bk.f != nil {
		bk.f.Close()
	}
}

func (bk *book) sheetList() []string { return bk.rec.Sheets }

// grid is readGrid of a sheet (name is the workbook's file name, for errors).
func (bk *book) grid(name, sheet string, raw bool) ([][]string, error) {
	m := bk.rec.Shown
	if raw {
		m = bk.rec.Stored
	}
	if g, ok := m[sheet]; ok {
		return g, nil
	}
	f, err := bk.file()
	if err != nil {
		return nil, err
	}
	g, err := readGrid(f, name, sheet, raw)
	if err == nil {
		m[sheet], bk.dirty = g, true
	}
	return g, err
}

// mergeCells is the sheet's merged ranges with their values.
func (bk *book) mergeCells(sheet string) ([]excelize.MergeCell, error) {
	if ms, ok := bk.rec.Merges[sheet]; ok {
		return ms, nil
	}
	f, err := bk.file()
	if err != nil {
		return nil, err
	}
	ms, err := f.GetMergeCells(sheet)
	if err == nil {
		if ms == nil {
			ms = []excelize.MergeCell{}
		}
		bk.rec.Merges[sheet], bk.dirty = ms, true
	}
	return ms, err
}

// formula is uncachedFormula of a cell.
func (bk *book) formula(sheet, cell string) string {
	k := sheet + "\x00" + cell
	if fx, ok := bk.rec.Formulas[k]; ok {
		return fx
	}
	f, err := bk.file()
	if err != nil {
		return ""
	}
	fx := uncachedFormula(f, sheet, cell)
	bk.rec.Formulas[k], bk.dirty = fx, true
	return fx
}

// numberCell says whether a cell's type is a number or unset (a big number stored as
// a number, not as text).
func (bk *book) numberCell(sheet, cell string) bool {
	k := sheet + "\x00" + cell
	if n, ok := bk.rec.Numbers[k]; ok {
		return n
	}
	f, err := bk.file()
	if err != nil {
		return false
	}
	typ, err := f.GetCellType(sheet, cell)
	n := err == nil && (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber)
	bk.rec.Numbers[k], bk.dirty = n, true
	return n
}
