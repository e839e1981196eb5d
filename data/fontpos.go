package data

import (
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// FontPos returns the place in report.yaml of entry i of settings.fonts, so that a
// font that cannot be used is reported on the line that names it. When the line cannot
// be found the place is report.yaml without a line.
func (r *Report) FontPos(i int) Pos {
	pos := Pos{File: "report.yaml"}
	raw, err := os.ReadFile(filepath.Join(r.Dir, "report.yaml"))
	if err != nil {
		return pos
	}
	var doc yaml.Node
	if yaml.Unmarshal(raw, &doc) != nil || len(doc.Content) == 0 {
		return pos
	}
	child := func(n *yaml.Node, key string) *yaml.Node {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == key {
				return n.Content[j+1]
			}
		}
		return nil
	}
	fonts := child(child(doc.Content[0], "settings"), "fonts")
	switch {
	case fonts == nil:
	case fonts.Kind == yaml.SequenceNode && i < len(fonts.Content):
		pos.Line = fonts.Content[i].Line
	default:
		pos.Line = fonts.Line
	}
	return pos
}
