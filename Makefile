# reportc — see README.md. `make example` builds the example report, `make test` runs
# every check CI runs.
GO      ?= go
GOFILES := $(shell find . -name '*.go' -not -path './out/*')

.PHONY: all example test deps vet bench bench-big clean docs

all: bin/reportc

bin/reportc: $(GOFILES) go.mod go.sum fonts/*.ttf
	$(GO) build -o bin/reportc ./cmd/reportc

# The example: the 2024 Zhuzhou city report, written to out/2024.pdf.
example: bin/reportc
	./bin/reportc build -o out/2024.pdf data/2024

# Tools the tests call: pdftotext/pdfinfo/pdffonts (poppler-utils), qpdf, and DejaVu Sans
# as a TrueType fallback font for the font-chain tests.
DEBS := poppler-utils qpdf fonts-dejavu-core
deps:
	@command -v pdftotext >/dev/null && command -v qpdf >/dev/null && \
	  test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || \
	  { (apt-get update -qq || sudo apt-get update -qq) && \
	    (apt-get install -y -qq $(DEBS) || sudo apt-get install -y -qq $(DEBS)); }

# The Chinese guide's pictures (docs/img/*.png, pages of the example found by their text)
# and the generated message reference docs/错误信息.md. Needs poppler-utils (make deps).
docs: example
	sh scripts/docs-images.sh out/2024.pdf docs/img
	$(GO) run ./internal/msgdoc

vet:
	@test -z "$$(gofmt -l $(GOFILES))" || { echo "gofmt would change:"; gofmt -l $(GOFILES); exit 1; }
	$(GO) vet ./...

test: deps vet
	$(GO) test ./...

# Whole-build benchmarks, and the linearity of long tables and paragraphs (not run in
# CI: speed is measured here, never asserted in tests).
bench:
	$(GO) test -run '^$$' -bench . -benchtime 20x ./build
	$(GO) test -run '^$$' -bench 'BuildExample|BuildCommand' -benchtime 20x ./cmd/reportc
	$(GO) test -run '^$$' -bench 'BatchDrafts' -benchtime 3x ./cmd/reportc
	$(GO) test -run '^$$' -bench 'LongTable|LongParagraph' -benchtime 3x ./layout
	$(GO) test -run '^$$' -bench 'LoadExample' -benchtime 20x ./data
	sh scripts/bench-compare.sh 9

# Peak RSS and time of generated 250-, 500- and 1 000-page reports (scripts/bench-big.sh;
# needs GNU time). Several minutes; not run in CI.
bench-big:
	sh scripts/bench-big.sh

clean:
	rm -rf bin out
