package docx

import (
	"strings"
	"testing"
)

// schemaOrder gives, for the elements whose content is a sequence in the ISO/IEC 29500
// transitional schema (wml.xsd), the order of their children. Elements that share a
// place (a choice) are written "a|b".
var schemaOrder = map[string]string{
	"w:pPr": "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr w:suppressLineNumbers w:pBdr w:shd w:tabs " +
		"w:suppressAutoHyphens w:kinsoku w:wordWrap w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd " +
		"w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc w:textDirection w:textAlignment " +
		"w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr w:sectPr w:pPrChange",
	"w:rPr": "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline w:shadow w:emboss w:imprint " +
		"w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect " +
		"w:bdr w:shd w:fitText w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath",
	"w:tblPr": "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize w:tblW w:jc " +
		"w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook w:tblCaption w:tblDescription",
	"w:tcPr": "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar w:textDirection w:tcFitText w:vAlign w:hideMark",
	"w:sectPr": "w:headerReference|w:footerReference w:footnotePr w:endnotePr w:type w:pgSz w:pgMar w:paperSrc w:pgBorders " +
		"w:lnNumType w:pgNumType w:cols w:formProt w:vAlign w:noEndnote w:titlePg w:textDirection w:bidi w:rtlGutter w:docGrid w:printerSettings",
	"w:style": "w:name w:aliases w:basedOn w:next w:link w:autoRedefine w:hidden w:uiPriority w:semiHidden w:unhideWhenUsed " +
		"w:qFormat w:locked w:personal w:personalCompose w:personalReply w:rsid w:pPr w:rPr w:tblPr w:trPr w:tcPr w:tblStylePr",
	"w:settings": "w:writeProtection w:view w:zoom w:removePersonalInformation w:removeDateAndTime w:doNotDisplayPageBoundaries " +
		"w:displayBackgroundShape w:printPostScriptOverText w:printFractionalCharacterWidth w:printFormsData w:embedTrueTypeFonts " +
		"w:embedSystemFonts w:saveSubsetFonts w:saveFormsData w:mirrorMargins w:alignBordersAndEdges w:bordersDoNotSurroundHeader " +
		"w:bordersDoNotSurroundFooter w:gutterAtTop w:hideSpellingErrors w:hideGrammaticalErrors w:activeWritingStyle w:proofState " +
		"w:formsDesign w:attachedTemplate w:linkStyles w:stylePaneFormatFilter w:stylePaneSortMethod w:documentType w:mailMerge " +
		"w:revisionView w:trackRevisions w:doNotTrackMoves w:doNotTrackFormatting w:documentProtection w:autoFormatOverride " +
		"w:styleLockTheme w:styleLockQFSet w:defaultTabStop w:autoHyphenation w:consecutiveHyphenLimit w:hyphenationZone " +
		"w:doNotHyphenateCaps w:showEnvelope w:summaryLength w:clickAndTypeStyle w:defaultTableStyle w:evenAndOddHeaders " +
		"w:bookFoldRevPrinting w:bookFoldPrinting w:bookFoldPrintingSheets w:drawingGridHorizontalSpacing w:drawingGridVerticalSpacing " +
		"w:displayHorizontalDrawingGridEvery w:displayVerticalDrawingGridEvery w:doNotUseMarginsForDrawingGridOrigin " +
		"w:drawingGridHorizontalOrigin w:drawingGridVerticalOrigin w:doNotShadeFormData w:noPunctuationKerning " +
		"w:characterSpacingControl w:printTwoOnOne w:strictFirstAndLastChars w:noLineBreaksAfter w:noLineBreaksBefore " +
		"w:savePreviewPicture w:doNotValidateAgainstSchema w:saveInvalidXml w:ignoreMixedContent w:alwaysShowPlaceholderText " +
		"w:doNotDemarcateInvalidXml w:saveXmlDataOnly w:useXSLTWhenSaving w:saveThroughXslt w:showXMLTags w:alwaysMergeEmptyNamespace " +
		"w:updateFields w:hdrShapeDefaults w:footnotePr w:endnotePr w:compat w:docVars w:rsids w:mathPr w:attachedSchema " +
		"w:themeFontLang w:clrSchemeMapping w:doNotIncludeSubdocsInStats w:doNotAutoCompressPictures w:forceUpgrade w:captions " +
		"w:readModeInkLockDown w:smartTagType w:schemaLibrary w:shapeDefaults w:doNotEmbedSmartTags w:decimalSymbol w:listSeparator",
	"w:lvl":         "w:start w:numFmt w:lvlRestart w:pStyle w:isLgl w:suff w:lvlText w:lvlPicBulletId w:legacy w:lvlJc w:pPr w:rPr",
	"w:abstractNum": "w:nsid w:multiLevelType w:tmpl w:name w:styleLink w:numStyleLink w:lvl",
	"w:numbering":   "w:numPicBullet w:abstractNum w:num w:numIdMacAtCleanup",
	"w:font":        "w:altName w:panose1 w:charset w:family w:notTrueType w:pitch w:sig w:embedRegular w:embedBold w:embedItalic w:embedBoldItalic",
	"w:tbl":         "w:bookmarkStart|w:bookmarkEnd w:tblPr w:tblGrid w:tr",
	"w:tr":          "w:tblPrEx w:trPr w:tc",
	"w:docDefaults": "w:rPrDefault w:pPrDefault",
	"w:styles":      "w:docDefaults w:latentStyles w:style",
}

// firstChild lists elements that, when present, come first: w:pPr in w:p, w:rPr in
// w:r, w:tcPr in w:tc.
var firstChild = map[string]string{"w:p": "w:pPr", "w:r": "w:rPr", "w:tc": "w:tcPr", "w:hyperlink": ""}

func checkOrder(t *testing.T, part string, root *node) {
	t.Helper()
	index := map[string]map[string]int{}
	for el, seq := range schemaOrder {
		m := map[string]int{}
		for i, names := range strings.Fields(seq) {
			for _, n := range strings.Split(names, "|") {
				m[n] = i
			}
		}
		index[el] = m
	}
	bad := 0
	root.walk(func(n *node) {
		if bad > 20 {
			return
		}
		if m, ok := index[n.name]; ok && len(m) > 0 {
			last := -1
			for _, k := range n.kids {
				i, known := m[k.name]
				if !known {
					t.Errorf("%s: <%s> in <%s> is not in the schema's sequence", part, k.name, n.name)
					bad++
					continue
				}
				if i < last {
					t.Errorf("%s: <%s> comes too late in <%s>", part, k.name, n.name)
					bad++
				}
				last = i
			}
		}
		if f, ok := firstChild[n.name]; ok && f != "" {
			for i, k := range n.kids {
				if k.name == f && i != 0 {
					t.Errorf("%s: <%s> is not the first child of <%s>", part, f, n.name)
					bad++
				}
			}
		}
	})
}

// TestSchemaOrder checks the element order of the main parts against the schema.
func TestSchemaOrder(t *testing.T) {
	d := doc(t)
	for _, numbering := range []string{"1.1.1", "GB/T 9704"} {
		dd := *d
		dd.Meta.Settings.Numbering = numbering
		dd.Meta.Settings.PageNumbers = "outer-dash"
		x, _ := write(t, &dd, options(&dd))
		for _, name := range x.pkg.names {
			if strings.HasPrefix(name, "word/") && strings.HasSuffix(name, ".xml") {
				checkOrder(t, name, parse(t, name, x.pkg.files[name]))
			}
		}
		if _, ok := x.pkg.files["word/numbering.xml"]; !ok {
			t.Errorf("%s: no numbering.xml", numbering)
		}
	}
}

// The checker itself catches a misplaced element.
func TestSchemaOrderCatches(t *testing.T) {
	ft := &testing.T{}
	root := parse(t, "x", []byte(`<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:pPr><w:jc w:val="left"/><w:spacing/></w:pPr></w:p>`))
	checkOrder(ft, "x", root)
	if !ft.Failed() {
		t.Error("w:spacing after w:jc not caught")
	}
}
