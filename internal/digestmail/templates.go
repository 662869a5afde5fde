package digestmail

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

//go:embed templates/*.html templates/*.txt
var templateFiles embed.FS

// The templates are part of the binary and parsed once, when the program
// starts; a broken one fails every test of this package rather than a send.
// They are read-only after that, so sharing them is safe.
var (
	htmlTemplates = htmltemplate.Must(htmltemplate.New("").Funcs(htmlFuncs).ParseFS(templateFiles, "templates/*.html"))
	textTemplates = texttemplate.Must(texttemplate.New("").Funcs(textFuncs).ParseFS(templateFiles, "templates/*.txt"))
)

// outlook holds the markup only Outlook for Windows reads, inside
// conditional comments, which html/template would otherwise strip: the
// 96 dpi setting that stops it scaling the layout, and a fixed 600 px table
// around the content, since it ignores max-width.
var outlook = map[string]htmltemplate.HTML{
	"head":  `<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->`,
	"open":  `<!--[if mso]><table role="presentation" align="center" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->`,
	"close": `<!--[if mso]></td></tr></table><![endif]-->`,
}

// previewPadding follows the preheader so that the inbox preview shows no
// body text after it: zero-width joiners and spaces that render as nothing.
var previewPadding = htmltemplate.HTML(strings.Repeat("&#847;&zwnj;&nbsp;", 60))

var htmlFuncs = htmltemplate.FuncMap{
	"outlook":        func(name string) htmltemplate.HTML { return outlook[name] },
	"previewPadding": func() htmltemplate.HTML { return previewPadding },
	"link":           func(url, label string) link { return link{url, label} },
}

// link is the argument of the "button" template.
type link struct{ URL, Label string }

// Lines of the text part are wrapped at textLineLen columns; items have a
// hanging indent of four.
const itemIndent = "    "

var textFuncs = texttemplate.FuncMap{
	// item numbers the first line of s (" 1. ", "12. ") and indents the rest.
	"item": func(n int, s string) string { return wrap(s, textLineLen, fmt.Sprintf("%2d. ", n), itemIndent) },
	// indent wraps s with every line indented like an item's.
	"indent": func(s string) string { return wrap(s, textLineLen, itemIndent, itemIndent) },
	// para wraps s without an indent.
	"para": func(s string) string { return wrap(s, textLineLen, "", "") },
}

// renderMail executes the text and HTML templates called name, into
// buffers of about the size of the result.
func renderMail(data any, name string, textSize, htmlSize int) (text, html string, err error) {
	var tb, hb strings.Builder
	tb.Grow(textSize)
	hb.Grow(htmlSize)
	if err := textTemplates.ExecuteTemplate(&tb, name+".txt", data); err != nil {
		return "", "", fmt.Errorf("render %s.txt: %w", name, err)
	}
	if err := htmlTemplates.ExecuteTemplate(&hb, name+".html", data); err != nil {
		return "", "", fmt.Errorf("render %s.html: %w", name, err)
	}
	return tb.String(), hb.String(), nil
}
