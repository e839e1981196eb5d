package data

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Workbook limits: a workbook may not unpack to more than MaxUnzipBytes (a zip bomb is
// refused before anything is unpacked), and a sheet's used range may not pass
// MaxSheetRows rows, MaxSheetCols columns or MaxSheetCells cells. Only the used range is
// kept: a sheet is read row by row, never as the whole Excel grid.
const (
	MaxUnzipBytes = 100 << 20
	MaxZipEntries = 10000
	MaxSheetRows  = 200000
	MaxSheetCols  = 256
	MaxSheetCells = 2000000
)

// zipProblem looks at a workbook's zip directory before excelize unpacks anything, and
// says why it cannot be read, or "".
func zipProblem(b []byte) string {
	if bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return "这是旧版 .xls 或加了密码的工作簿；请在 Excel/WPS 中去掉密码并另存为 .xlsx"
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "不是 .xlsx 工作簿（文件不是有效的 zip 压缩包，可能已损坏或只是改了扩展名）"
	}
	if len(zr.File) > MaxZipEntries {
		return fmt.Sprintf("压缩包里有 %d 个文件，超过上限 %d", len(zr.File), MaxZipEntries)
	}
	var total uint64
	var sheets []*zip.File
	hasSST, hasWorkbook := false, false
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > MaxUnzipBytes || zf.UncompressedSize64 > MaxUnzipBytes {
			return fmt.Sprintf("解压后超过 %s（疑似 “压缩炸弹”），不予读取", sizeText(MaxUnzipBytes))
		}
		n := strings.ToLower(strings.ReplaceAll(zf.Name, `\`, "/"))
		switch {
		case n == "xl/sharedstrings.xml":
			hasSST = true
		case n == "xl/workbook.xml":
			hasWorkbook = true
		case strings.HasPrefix(n, "xl/worksheets/sheet"):
			sheets = append(sheets, zf)
		}
	}
	if !hasWorkbook {
		return "不是 .xlsx 工作簿（压缩包里没有 xl/workbook.xml）"
	}
	// Inflate every entry once, at most its declared size plus one byte: an entry that is
	// longer than it says (a “zip bomb” that lies) or fails its checksum is refused here,
	// where excelize would read a silently cut-off part.
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err == nil {
			var n int64
			n, err = io.Copy(io.Discard, io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
			if err == nil && uint64(n) != zf.UncompressedSize64 {
				err = zip.ErrFormat
			}
			rc.Close()
		}
		if err != nil {
			return fmt.Sprintf("工作簿已损坏：压缩包中的 %s 与它记录的大小或校验和不符（%v）；请在 Excel/WPS 中打开后另存", zf.Name, err)
		}
	}
	if !hasSST {
		// Text cells point into the shared-string table; without it they would read as
		// numbers (their index) and every header would look wrong.
		for _, zf := range sheets {
			rc, err := zf.Open()
			if err != nil {
				return fmt.Sprintf("工作表 %s 读不出：%v", zf.Name, err)
			}
			body, err := io.ReadAll(io.LimitReader(rc, MaxUnzipBytes))
			rc.Close()
			if err != nil {
				return fmt.Sprintf("工作表 %s 读不出：%v", zf.Name, err)
			}
			if bytes.Contains(body, []byte(`t="s"`)) {
				return "缺少共享字符串表（xl/sharedStrings.xml），文字单元格读不出来；工作簿已损坏或不是 Excel/WPS 保存的，请在 Excel/WPS 中打开后另存"
			}
		}
	}
	return ""
}

// readGrid reads the used range of a sheet, row by row: shown (formatted) text, or the
// raw values when raw is set. Trailing empty cells and rows are dropped. A non-empty
// cell beyond the limits is an error naming that cell.
func readGrid(f *excelize.File, name, sheet string, raw bool) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	width, n := 0, 0
	opts := excelize.Options{RawCellValue: raw}
	for rows.Next() {
		n++
		row, err := rows.Columns(opts)
		if err != nil {
			return nil, gridErr(err)
		}
		for len(row) > 0 && strings.TrimSpace(row[len(row)-1]) == "" {
			row = row[:len(row)-1]
		}
		if len(row) == 0 {
			continue
		}
		at := func(col int) Pos {
			cell, _ := excelize.CoordinatesToCellName(col, n)
			return Pos{File: name, Sheet: sheet, Cell: cell}
		}
		if n > MaxSheetRows {
			c := 1
			for c < len(row) && strings.TrimSpace(row[c-1]) == "" {
				c++
			}
			return nil, &Error{Pos: at(c), Msg: fmt.Sprintf("这个单元格在第 %d 行，超出了可读范围（最多 %d 行）；请删除表格区域之外的内容", n, MaxSheetRows)}
		}
		if len(row) > MaxSheetCols {
			return nil, &Error{Pos: at(len(row)), Msg: fmt.Sprintf("这个单元格在第 %d 列，超出了可读范围（最多 %d 列）；请删除表格区域之外的内容", len(row), MaxSheetCols)}
		}
		width = max(width, len(row))
		if n*width > MaxSheetCells {
			return nil, &Error{Pos: at(len(row)), Msg: fmt.Sprintf("工作表的使用区域超过 %d 个单元格（%d 行 × %d 列）；请删除表格区域之外的内容", MaxSheetCells, n, width)}
		}
		for len(out) < n-1 {
			out = append(out, nil)
		}
		out = append(out, row)
	}
	if err := rows.Error(); err != nil {
		return nil, gridErr(err)
	}
	return out, nil
}

func gridErr(err error) error {
	if errors.Is(err, excelize.ErrMaxRows) {
		return errors.New("行号超出 Excel 的上限 1048576")
	}
	if strings.Contains(err.Error(), "shared string") {
		return fmt.Errorf("共享字符串表与单元格不符，工作簿可能已损坏（%v）", err)
	}
	return err
}

// addErr adds err at pos, or as it is when it already carries its place.
func addErr(errs *ErrorList, pos Pos, prefix string, err error) {
	var e *Error
	if errors.As(err, &e) {
		*errs = append(*errs, e)
		return
	}
	errs.Add(pos, "%s%v", prefix, err)
}

// mergeTable applies a sheet's merged cells to a table. A merge range that is reversed
// (C4:A2), lies outside the table's used range or overlaps another merge is an error
// naming the range.
func mergeTable(f *book, t *Table, errs *ErrorList) {
	merges, err := f.mergeCells(t.Pos.Sheet)
	if err != nil {
		errs.Add(t.Pos, "读不出合并单元格：%v", err)
		return
	}
	rowsN := len(t.Rows)
	owner := make([]int, rowsN*t.Cols) // 1 + index of the merge covering a cell
	for mi, m := range merges {
		ref := m.GetStartAxis() + ":" + m.GetEndAxis()
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		pos := Pos{File: t.Pos.File, Sheet: t.Pos.Sheet, Cell: m.GetStartAxis()}
		if err1 != nil || err2 != nil {
			pos.Cell = ""
			errs.Add(pos, "合并单元格范围 “%s” 不合规", ref)
			continue
		}
		if c2 < c1 || r2 < r1 {
			errs.Add(pos, "合并单元格范围 %s 的起止颠倒（应为左上角:右下角）；请在 Excel 中取消合并后重新合并", ref)
			continue
		}
		if r1 > rowsN || c1 > t.Cols {
			last, _ := excelize.CoordinatesToCellName(t.Cols, rowsN)
			errs.Add(pos, "合并单元格 %s 在表格的使用区域 A1:%s 之外；请取消这个合并", ref, last)
			continue
		}
		// A merge may run on into empty rows or columns after the used range; those are
		// not part of the table.
		r2, c2 = min(r2, rowsN), min(c2, t.Cols)
		if r1 == r2 && c1 == c2 {
			continue
		}
		clash := ""
		for r := r1; r <= r2 && clash == ""; r++ {
			for c := c1; c <= c2; c++ {
				if o := owner[(r-1)*t.Cols+c-1]; o > 0 {
					clash = merges[o-1].GetStartAxis() + ":" + merges[o-1].GetEndAxis()
					break
				}
			}
		}
		if clash != "" {
			errs.Add(pos, "合并单元格 %s 与 %s 重叠；请在 Excel 中取消其中一个合并", ref, clash)
			continue
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				owner[(r-1)*t.Cols+c-1] = mi + 1
			}
		}
		top := t.Rows[r1-1][c1-1]
		if (r1 <= t.HeaderRows) != (r2 <= t.HeaderRows) {
			errs.Add(top.Pos, "合并单元格 %s 跨越了表头和数据行", ref)
		}
		top.RowSpan, top.ColSpan = r2-r1+1, c2-c1+1
		top.Text = strings.TrimSpace(m.GetCellValue())
		if msg := cellProblem(top.Text); msg != "" {
			errs.Add(top.Pos, "%s", msg)
		}
		hidden := ""
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r != r1 || c != c1 {
					x := t.Rows[r-1][c-1]
					x.Covered = true
					if x.Text != "" && hidden == "" {
						hidden = x.Pos.Cell
						errs.Add(x.Pos, "被合并单元格 %s 盖住的单元格 %s 有内容 “%s”，不会印出；请取消合并或清空这个单元格（重叠的合并会被连成一个）", ref, x.Pos.Cell, x.Text)
					}
				}
			}
		}
	}
}
