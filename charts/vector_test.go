package charts

import (
	"reflect"
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
)

// TestVectorDrawing: every kind of chart comes with its drawing — the operations its
// PNG was painted from — with shapes and the labels as text; a PNG served from the disk
// cache gets the same drawing; an image the renderer did not make has none.
func TestVectorDrawing(t *testing.T) {
	fs := testFonts(t)
	cats := []string{"电子信息大类", "交通运输大类", "装备制造大类"}
	cases := []*data.Chart{
		chartOf("柱", data.ChartBar, cats, series("2024年", 'B', 3414, 2115, 1375)),
		chartOf("分组", data.ChartGroupedBar, cats, series("2023年", 'B', 30, 20, 10), series("2024年", 'C', 31, 22, 12)),
		chartOf("堆积", data.ChartStacked, cats, series("升学", 'B', 30, 20, 10), series("就业", 'C', 5, 6, 7)),
		chartOf("条", data.ChartHBar, cats, series("人数", 'B', 30, 20, 10)),
		chartOf("饼", data.ChartPie, cats, series("人数", 'B', 30, 20, 10)),
		chartOf("线", data.ChartLine, cats, series("人数", 'B', 30, 20, 10)),
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(string(c.Kind), func(t *testing.T) {
			r := NewRenderer(fs)
			r.CacheDir = dir
			img, err := r.Render(c)
			if err != nil {
				t.Fatal(err)
			}
			d := r.Vector(img)
			if d == nil {
				t.Fatal("no drawing for the chart's PNG")
			}
			cfg := decode(t, img).Bounds()
			if d.W != cfg.Dx() || d.H != cfg.Dy() {
				t.Errorf("drawing %d×%d, PNG %d×%d", d.W, d.H, cfg.Dx(), cfg.Dy())
			}
			var text []string
			shapes := 0
			for _, op := range d.Ops {
				switch op.Kind {
				case OpText:
					text = append(text, op.Text)
					if op.Size < sizeSmall-1e-9 || op.Size > sizeText+1e-9 {
						t.Errorf("label %q at %v pt", op.Text, op.Size)
					}
				default:
					shapes++
				}
			}
			all := strings.Join(text, "|")
			for _, want := range []string{"电子", "交通", "装备"} {
				if !strings.Contains(all, want) {
					t.Errorf("labels %q lack %q", all, want)
				}
			}
			if shapes < 4 {
				t.Errorf("only %d shapes", shapes)
			}
			// A second renderer serves the PNG from the disk cache, without drawing it,
			// and still records the same drawing.
			r2 := NewRenderer(fs)
			r2.CacheDir = dir
			img2, err := r2.Render(c)
			if err != nil {
				t.Fatal(err)
			}
			if r2.Renders() != 0 {
				t.Errorf("cached chart drawn again (%d renders)", r2.Renders())
			}
			if d2 := r2.Vector(img2); !reflect.DeepEqual(d, d2) {
				t.Error("the drawing of a cached PNG differs from the drawing it was painted from")
			}
		})
	}
	if NewRenderer(fs).Vector([]byte("\x89PNG other")) != nil {
		t.Error("a drawing for an image the renderer did not make")
	}
}
