package data

// checkStructure reports the heading structure of a chapter file: a file without a
// “#” heading and a heading that skips a level (## straight to ####) are errors; a
// heading with nothing under it before the next heading of its level or above (or the
// end of the file) is a warning. Each names the file and line.
func checkStructure(ch *Chapter, errs, warns *ErrorList) {
	first := true
	prev := 0
	var open *Block // the last heading, while nothing has followed it
	for _, b := range ch.Blocks {
		if b.Kind != BHeading {
			if first {
				errs.Add(b.Pos, "章节文件应以一级标题 “# 标题” 开头，这里在第一个标题之前就有正文")
				first = false
				prev = 1
			}
			open = nil
			continue
		}
		if open != nil && b.Level <= open.Level {
			warns.Add(open.Pos, "标题 “%s” 下面没有内容（空的一节）", PlainText(open.Inlines))
		}
		switch {
		case first && b.Level != 1:
			errs.Add(b.Pos, "章节文件应以一级标题 “# 标题” 开头，这里第一个标题是 %d 级", b.Level)
		case !first && b.Level > prev+1:
			errs.Add(b.Pos, "标题跳级：从 %d 级（%s）直接到 %d 级（%s），中间缺少 %d 级标题", prev, hashes(prev), b.Level, hashes(b.Level), prev+1)
		}
		first = false
		prev = b.Level
		open = b
	}
	if first {
		errs.Add(Pos{File: ch.File, Line: 1}, "章节文件没有一级标题 “# 标题”")
	}
	if open != nil {
		warns.Add(open.Pos, "标题 “%s” 下面没有内容（空的一节）", PlainText(open.Inlines))
	}
}

func hashes(n int) string {
	s := ""
	for range n {
		s += "#"
	}
	return s
}
