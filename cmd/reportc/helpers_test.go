package main

import (
	"context"

	"github.com/reportc/reportc/build"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/sections"
)

// The whole-build tests and benchmarks of this package compile through package build,
// as the command does; these helpers keep their older, shorter names.

// Build compiles a report folder to PDF bytes.
func Build(dir string) ([]byte, int, error) {
	b, book, err := buildBook(dir)
	if err != nil {
		return nil, 0, err
	}
	return b, len(book.Pages), nil
}

// buildBook compiles a report folder and returns the PDF with the layout it drew.
func buildBook(dir string) ([]byte, *layout.Book, error) {
	res, err := buildAll(dir, false, build.Edition{})
	if err != nil {
		return nil, nil, err
	}
	return res.pdf, res.book, nil
}

type result struct {
	warnings data.ErrorList
	accepted []data.Accepted
	pdf      []byte
	docx     []byte
	book     *layout.Book
	doc      *sections.Doc
}

// buildAll compiles a report folder into the PDF and, when asked, the DOCX, in memory,
// as the given edition.
func buildAll(dir string, withDocx bool, ed build.Edition) (*result, error) {
	b := build.Default()
	b.Edition = ed
	res, err := b.Compile(context.Background(), dir, withDocx)
	if err != nil {
		return nil, err
	}
	return &result{warnings: res.Warnings, accepted: res.Accepted, pdf: res.PDF, docx: res.DOCX, book: res.Book, doc: res.Doc}, nil
}
