package build

import (
	"testing"

	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/layout/pdf"
)

// BenchmarkWritePDF measures pdf.Write alone on the example's book (a draft, charts as
// vectors) laid out as compile lays it out: the part of a build the PDF writer owns.
func BenchmarkWritePDF(b *testing.B) {
	bd := &Builder{ChartCache: b.TempDir()}
	l, err := bd.load(example)
	if err != nil {
		b.Fatal(err)
	}
	cr := charts.NewRenderer(l.Fonts)
	cr.CacheDir = bd.ChartCache
	if _, err := cr.RenderAll(l.Doc.Figures); err != nil {
		b.Fatal(err)
	}
	m := l.Report.Meta
	eng := layout.New(l.Fonts, layout.Options{Settings: m.Settings, Title: m.Title + m.Subtitle, ChartImage: cr.Func(), ChartShort: cr.ShortFunc(), SealOff: true})
	book, err := eng.Layout(l.Doc)
	if err != nil {
		b.Fatal(err)
	}
	info := pdf.Info{Title: m.Title, Created: m.Published, Draft: true, Vector: cr.Vector}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := pdf.Write(book, info)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(out)), "pdf-bytes")
	}
}
