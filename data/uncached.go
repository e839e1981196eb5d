package data

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// maxFormulaProbes bounds how many empty cells of one table or chart are looked up for a
// formula (each lookup scans the sheet's rows).
const maxFormulaProbes = 2000

// uncachedFormula returns the formula of a cell that shows nothing because the file holds
// the formula but not its result (a workbook written by a program that does not compute
// formulas, never opened and saved in Excel), or "".
func uncachedFormula(f *excelize.File, sheet, cell string) string {
	if f == nil {
		return ""
	}
	fx, err := f.GetCellFormula(sheet, cell)
	if err != nil {
		return ""
	}
	return fx
}

// uncachedMsg says what to do about such a cell.
func uncachedMsg(fx string) string {
	return fmt.Sprintf("单元格是公式 =%s，但文件里没有保存计算结果（多半是由程序生成的工作簿），印出来会是空白；请在 Excel 或 WPS 中打开后保存一次", fx)
}
