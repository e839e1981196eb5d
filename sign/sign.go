// Package sign signs a finished reportc PDF with a PAdES baseline B signature
// (ETSI.CAdES.detached) whose visible widget shows the issuing unit's seal, and
// verifies signed PDFs.
//
// The signature is one incremental update appended to the file: the signature
// dictionary, a widget annotation on the statement page whose appearance is the seal
// image, the page with the widget added to its /Annots, and the catalog with an
// /AcroForm. Nothing before it changes. The CMS SignedData is built here (cryptobyte):
// signed attributes content-type, message-digest and signing-certificate-v2, no
// signing-time attribute (PAdES puts the claimed time in the dictionary's /M). With an
// RSA key and a fixed time the output is byte-identical for identical input.
package sign

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/jpeg" // seal images
	"image/png"
	"time"

	"crypto/x509"

	"github.com/reportc/reportc/pdfupdate"
)

// Options say what to sign with and where the widget goes.
type Options struct {
	Signer crypto.Signer
	Chain  []*x509.Certificate // the signer's certificate first
	Time   time.Time           // claimed signing time (/M)
	Page   int                 // 0-based page of the widget
	Rect   [4]float64          // widget rectangle in PDF points: llx lly urx ury
	Image  []byte              // PNG or JPEG appearance (the seal)
	Reason string
	Name   string
}

// Sign returns src with a signature appended.
func Sign(src []byte, o Options) ([]byte, error) {
	if o.Signer == nil || len(o.Chain) == 0 {
		return nil, fmt.Errorf("签名需要私钥和证书")
	}
	f, err := pdfupdate.Open(src)
	if err != nil {
		return nil, err
	}
	pages, err := f.Pages()
	if err != nil {
		return nil, err
	}
	if o.Page < 0 || o.Page >= len(pages) {
		return nil, fmt.Errorf("签名页 %d 超出范围（共 %d 页）", o.Page+1, len(pages))
	}
	cat, err := f.Object(f.Root)
	if err != nil {
		return nil, err
	}
	if pdfupdate.GetKey(cat, "AcroForm") != nil {
		return nil, fmt.Errorf("这个 PDF 已有表单或签名，reportc 只签未签过的文件")
	}
	u := f.NewUpdate()
	pageObj := pages[o.Page]

	// The appearance: the seal image scaled into the widget.
	w, h := o.Rect[2]-o.Rect[0], o.Rect[3]-o.Rect[1]
	if w < 1 || h < 1 {
		return nil, fmt.Errorf("签名框太小：%.1f × %.1f pt", w, h)
	}
	img, err := imageObject(u, o.Image)
	if err != nil {
		return nil, fmt.Errorf("印章图片：%w", err)
	}
	ap := u.Add(pdfupdate.Stream(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources <</XObject <</Seal %d 0 R>>>>", w, h, img),
		[]byte(fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Seal Do Q", w, h))))

	// The signature dictionary, with placeholders for the byte range and contents.
	size := 8192
	for _, c := range o.Chain {
		size += len(c.Raw)
	}
	sigObj := u.Reserve()
	var sd bytes.Buffer
	sd.WriteString("<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n")
	sd.WriteString("/ByteRange [" + byteRangeHole + "]\n")
	sd.WriteString("/Contents <" + string(bytes.Repeat([]byte("0"), 2*size)) + ">\n")
	fmt.Fprintf(&sd, "/M %s\n", pdfDate(o.Time))
	if o.Name != "" {
		fmt.Fprintf(&sd, "/Name %s\n", pdfupdate.TextString(o.Name))
	}
	if o.Reason != "" {
		fmt.Fprintf(&sd, "/Reason %s\n", pdfupdate.TextString(o.Reason))
	}
	sd.WriteString("/Prop_Build <</App <</Name /reportc>>>>>>")
	u.Set(sigObj, sd.Bytes())

	widget := u.Add([]byte(fmt.Sprintf("<</Type /Annot /Subtype /Widget /FT /Sig /T (reportc-seal) /F 132 /Rect [%.2f %.2f %.2f %.2f] /V %d 0 R /P %d 0 R /AP <</N %d 0 R>>>>",
		o.Rect[0], o.Rect[1], o.Rect[2], o.Rect[3], sigObj, pageObj, ap)))

	po, err := f.Object(pageObj)
	if err != nil {
		return nil, err
	}
	annots := pdfupdate.GetKey(po, "Annots")
	switch {
	case annots == nil:
		po, err = pdfupdate.SetKey(po, "Annots", fmt.Sprintf("[%d 0 R]", widget))
	case bytes.HasPrefix(annots, []byte("[")):
		po, err = pdfupdate.SetKey(po, "Annots", fmt.Sprintf("[%s %d 0 R]", bytes.TrimSpace(annots[1:len(annots)-1]), widget))
	default:
		var an int
		if _, e := fmt.Sscanf(string(annots), "%d 0 R", &an); e != nil {
			return nil, fmt.Errorf("页面的 /Annots 无法识别")
		}
		arr, e := f.Object(an)
		if e != nil || !bytes.HasPrefix(arr, []byte("[")) {
			return nil, fmt.Errorf("页面的 /Annots 无法识别")
		}
		u.Set(an, []byte(fmt.Sprintf("[%s %d 0 R]", bytes.TrimSpace(arr[1:len(arr)-1]), widget)))
	}
	if err != nil {
		return nil, err
	}
	u.Set(pageObj, po)
	cat, err = pdfupdate.SetKey(cat, "AcroForm", fmt.Sprintf("<</Fields [%d 0 R] /SigFlags 3>>", widget))
	if err != nil {
		return nil, err
	}
	u.Set(f.Root, cat)

	out, offs := u.Bytes()
	// Fill in the byte range: everything but the contents hex string.
	at := offs[sigObj]
	cs := at + bytes.Index(out[at:], []byte("/Contents <")) + len("/Contents ")
	ce := cs + 2*size + 2
	br := fmt.Sprintf("0 %d %d %d", cs, ce, len(out)-ce)
	if len(br) > len(byteRangeHole) {
		return nil, fmt.Errorf("文件太大，签名的字节范围写不下")
	}
	hole := at + bytes.Index(out[at:], []byte(byteRangeHole))
	copy(out[hole:], br+string(bytes.Repeat([]byte(" "), len(byteRangeHole)-len(br))))

	digest := sha256.New()
	digest.Write(out[:cs])
	digest.Write(out[ce:])
	cms, err := signedData(digest.Sum(nil), o.Signer, o.Chain)
	if err != nil {
		return nil, fmt.Errorf("签名：%w", err)
	}
	if len(cms) > size {
		return nil, fmt.Errorf("签名数据（%d 字节）超出预留空间", len(cms))
	}
	copy(out[cs+1:], hex.EncodeToString(cms))
	return out, nil
}

// byteRangeHole is the placeholder of the /ByteRange numbers, overwritten in place.
const byteRangeHole = "0 0000000000 0000000000 0000000000"

// imageObject writes the seal as an image XObject: JPEG as it is, PNG as RGB with its
// alpha channel as a soft mask, so that the page shows through the seal.
func imageObject(u *pdfupdate.Update, data []byte) (int, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, fmt.Errorf("不是可读的 PNG 或 JPEG 图片")
	}
	if format == "jpeg" {
		return u.Add(pdfupdate.Stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", cfg.Width, cfg.Height), data)), nil
	}
	if format != "png" {
		return 0, fmt.Errorf("应为 PNG 或 JPEG 图片，实际是 %s", format)
	}
	im, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return 0, err
	}
	b := im.Bounds()
	rgb := make([]byte, 0, b.Dx()*b.Dy()*3)
	alpha := make([]byte, 0, b.Dx()*b.Dy())
	opaque := true
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := im.At(x, y).RGBA()
			// Un-premultiply: PDF images are not premultiplied.
			if a > 0 && a < 0xffff {
				r, g, bl = r*0xffff/a, g*0xffff/a, bl*0xffff/a
			}
			rgb = append(rgb, byte(r>>8), byte(g>>8), byte(bl>>8))
			alpha = append(alpha, byte(a>>8))
			if a != 0xffff {
				opaque = false
			}
		}
	}
	dict := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode", b.Dx(), b.Dy())
	if !opaque {
		mask := u.Add(pdfupdate.Stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", b.Dx(), b.Dy()), deflate(alpha)))
		dict += fmt.Sprintf(" /SMask %d 0 R", mask)
	}
	return u.Add(pdfupdate.Stream(dict, deflate(rgb))), nil
}

// pdfDate formats t as a PDF date in UTC.
func pdfDate(t time.Time) string {
	return t.UTC().Format("(D:20060102150405+00'00')")
}
