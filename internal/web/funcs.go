package web

import (
	"fmt"
	"html"
	"html/template"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dailypapers/dailypapers/internal/highlight"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/plural"
	"github.com/dailypapers/dailypapers/internal/tex"
)

// funcs are the template functions; asset needs the server's fingerprints.
func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":       s.assets.URL,
		"accents":     tex.Accents,
		"plain":       tex.Text,
		"plural":      plural.Count,
		"authorList":  authorList,
		"clamp":       clamp,
		"plainText":   plainText,
		"add":         func(a, b int) int { return a + b },
		"anchorID":    anchorID,
		"forYouNext":  forYouHref,
		"commentView": commentView,
		"comments":    commentCount,
		"formView":    formView,
		"voteView":    voteView,
		"modView":     modView,
		"date":        func(t time.Time) string { return t.Format("2 Jan 2006") },
		"shortDay":    shortDay,
		"longDay":     longDay,
		"highlight":   markTerms,
		"repoName":    repoName,
		"hostOf":      hostOf,
		"licence":     licenceName,
		"score":       func(f float64) string { return fmt.Sprintf("%.3g", f) },
		"feedLabel":   feedLabel,
		"inc":         func(n int) int { return n + 1 },
		"typeAttr":    typeAttr,
		"webURL":      webURL,
	}
}

// cardAuthors is how many authors a card names before "and N more".
const cardAuthors = 4

// authorList names the first few authors of a paper, then how many more
// there are ("A, B, C, D and 12 more"); never "and 1 more".
func authorList(as []paper.Author) string {
	names := make([]string, 0, cardAuthors)
	for i, a := range as {
		if i == cardAuthors && len(as) > cardAuthors+1 {
			return strings.Join(names, ", ") + fmt.Sprintf(" and %d more", len(as)-cardAuthors)
		}
		names = append(names, tex.Accents(a.Name))
	}
	if len(names) > 1 {
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return strings.Join(names, "")
}

// clamp shortens text to about n bytes at a word boundary, adding "…". It
// never cuts inside $…$, so that TeX either renders whole or not at all.
func clamp(text string, n int) string {
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndexByte(text[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	head := text[:cut]
	if strings.Count(head, "$")%2 == 1 {
		head = head[:strings.LastIndexByte(head, '$')]
	}
	return strings.TrimRight(head, " ,.;:") + "…"
}

// shortDay writes a feed day as "Fri 21 Aug".
func shortDay(day string) string {
	t, err := time.Parse(paper.DayLayout, day)
	if err != nil {
		return day
	}
	return t.Format("Mon 2 Jan")
}

// longDay writes a feed day as "Friday, 21 August 2026".
func longDay(day string) string {
	t, err := time.Parse(paper.DayLayout, day)
	if err != nil {
		return day
	}
	return t.Format("Monday, 2 January 2006")
}

// repoName shows a code repository URL as "owner/name" when it is on a
// known forge, and the URL otherwise.
func repoName(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	path := strings.Trim(p.Path, "/")
	if strings.Count(path, "/") >= 1 {
		parts := strings.SplitN(path, "/", 3)
		return parts[0] + "/" + parts[1]
	}
	return strings.TrimPrefix(p.Host, "www.") + "/" + path
}

// hostOf is the host of a URL, for a link that would be too long written out.
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	return strings.TrimPrefix(p.Host, "www.")
}

// licenceNames are the licences arXiv offers, by their URL without scheme.
var licenceNames = map[string]string{
	"creativecommons.org/licenses/by/4.0":         "CC BY 4.0",
	"creativecommons.org/licenses/by-sa/4.0":      "CC BY-SA 4.0",
	"creativecommons.org/licenses/by-nc-sa/4.0":   "CC BY-NC-SA 4.0",
	"creativecommons.org/licenses/by-nc-nd/4.0":   "CC BY-NC-ND 4.0",
	"creativecommons.org/licenses/by/3.0":         "CC BY 3.0",
	"creativecommons.org/licenses/by-nc-sa/3.0":   "CC BY-NC-SA 3.0",
	"creativecommons.org/publicdomain/zero/1.0":   "CC0 1.0",
	"creativecommons.org/licenses/publicdomain":   "Public domain",
	"arxiv.org/licenses/nonexclusive-distrib/1.0": "arXiv non-exclusive licence",
	"arxiv.org/licenses/assumed-1991-2003":        "arXiv licence (assumed, 1991–2003)",
}

// licenceName names a licence by its URL, or gives the URL.
func licenceName(u string) string {
	key := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://"), "/")
	if n, ok := licenceNames[key]; ok {
		return n
	}
	return u
}

// markTerms marks the search terms in text with <mark>, as the API marks
// them (see package highlight). Text with TeX is left alone: a mark inside
// $…$ would break the formula.
func markTerms(text string, terms []string) template.HTML {
	if len(terms) == 0 || hasTeX(text) {
		return template.HTML(template.HTMLEscapeString(text))
	}
	return template.HTML(highlight.HTML(text, terms, "<mark>", "</mark>"))
}

// hasTeX reports whether arXiv text (a title, an abstract) holds a formula
// for KaTeX to typeset; see tex.HasMath.
func hasTeX(text string) bool { return tex.HasMath(text) }

// feedLabel names a feed format by its media type.
func feedLabel(mediaType string) string {
	switch mediaType {
	case "application/rss+xml":
		return "RSS"
	case "application/atom+xml":
		return "Atom"
	case "application/feed+json":
		return "JSON Feed"
	}
	return mediaType
}

// typeAttr writes type="..." for a media type with its "+" as is: html/template
// would write "&#43;", which parsers read the same but feed readers that
// look for application/rss+xml in the page's text would miss.
func typeAttr(mediaType string) template.HTMLAttr {
	return template.HTMLAttr(`type="` + html.EscapeString(mediaType) + `"`)
}

// webURL is u when it is an http or https URL, else "": community metadata
// (code, project page) is typed by people, and a link must go to the web.
func webURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return ""
	}
	return u
}

// plainText is a comment's Markdown with its markup characters dropped,
// for one-line excerpts where rendered blocks would not fit.
func plainText(markdown string) string {
	r := strings.NewReplacer("**", "", "__", "", "`", "", "~~", "", "# ", "", "> ", "", "*", "", "[", "", "]", "")
	return strings.Join(strings.Fields(r.Replace(markdown)), " ")
}
