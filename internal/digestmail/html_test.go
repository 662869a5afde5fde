package digestmail

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestHTMLIsSafeForMail parses the HTML part of every golden mail and checks
// what mail clients need: nothing that runs, nothing fetched from elsewhere,
// absolute links, a 600 px table layout, and the accessibility basics.
func TestHTMLIsSafeForMail(t *testing.T) {
	parts := map[string]string{}
	for _, name := range goldenNames {
		m, err := Compose(loadContent(t, name))
		if err != nil {
			t.Fatal(err)
		}
		parts[name] = m.HTML
	}
	m, err := Confirmation("Daily Papers", "https://papers.example.org", "ada@example.org", "https://papers.example.org/subscribe/confirm/tok")
	if err != nil {
		t.Fatal(err)
	}
	parts["confirm"] = m.HTML
	for name, part := range parts {
		t.Run(name, func(t *testing.T) {
			for _, problem := range mailHTMLProblems(parseHTML(t, part)) {
				t.Error(problem)
			}
		})
	}
}

// mailHTMLProblems lists what is wrong with a mail's HTML.
func mailHTMLProblems(doc *html.Node) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	root := findAll(doc, isElem(atom.Html))
	if len(root) != 1 || attr(root[0], "lang") == "" {
		add("want one <html> with a lang attribute")
	}
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		switch n.DataAtom {
		case atom.Script, atom.Iframe, atom.Object, atom.Embed, atom.Form, atom.Base:
			add("<%s> element", n.Data)
		case atom.Img:
			if src := attr(n, "src"); src != "" && !strings.HasPrefix(src, "cid:") && !strings.HasPrefix(src, "data:") {
				add("<img src=%q> loads a remote image", src)
			}
		case atom.Link:
			add("<link rel=%q href=%q>: no external stylesheets or fonts", attr(n, "rel"), attr(n, "href"))
		case atom.Table:
			if attr(n, "role") != "presentation" {
				add("layout <table> without role=presentation")
			}
		case atom.A:
			u, err := url.Parse(attr(n, "href"))
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				add("<a href=%q> is not an absolute http(s) link", attr(n, "href"))
			}
			if strings.TrimSpace(text(n)) == "" {
				add("<a href=%q> has no text", attr(n, "href"))
			}
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				add("event handler %s=%q on <%s>", a.Key, a.Val, n.Data)
			}
			if strings.Contains(strings.ToLower(a.Val), "javascript:") || strings.Contains(a.Val, "url(") {
				add("%s=%q on <%s>", a.Key, a.Val, n.Data)
			}
		}
	}

	// One <style>, for dark mode only.
	styles := findAll(doc, isElem(atom.Style))
	if len(styles) != 1 {
		add("%d <style> elements, want 1", len(styles))
	} else if css := text(styles[0]); !strings.Contains(css, "@media (prefers-color-scheme: dark)") ||
		!strings.Contains(css, "[data-ogsc]") || strings.Contains(css, "@import") || strings.Contains(css, "url(") {
		add("<style> is not just the dark-mode rules:\n%s", css)
	}
	metas := map[string]string{}
	for _, n := range findAll(doc, isElem(atom.Meta)) {
		metas[attr(n, "name")] = attr(n, "content")
	}
	if metas["color-scheme"] != "light dark" || metas["supported-color-schemes"] != "light dark" {
		add("color-scheme metas = %q", metas)
	}

	// The content is one 600 px column, centred: width for Outlook,
	// max-width for the rest.
	var container *html.Node
	for _, n := range findAll(doc, isElem(atom.Table)) {
		if attr(n, "width") == "600" {
			container = n
			break
		}
	}
	if container == nil {
		add("no table of width 600")
	} else if st := attr(container, "style"); !strings.Contains(st, "max-width:600px") || !strings.Contains(st, "margin:0 auto") {
		add("600 px table style = %q, want max-width:600px and margin:0 auto", st)
	}

	// Text styles name a system font stack, no web font.
	for _, n := range findAll(doc, func(n *html.Node) bool { return strings.Contains(attr(n, "style"), "font-family") }) {
		if !strings.Contains(attr(n, "style"), "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto") {
			add("<%s> font-family is not the system stack: %q", n.Data, attr(n, "style"))
		}
	}

	// A hidden preheader opens the body.
	body := findAll(doc, isElem(atom.Body))
	if len(body) != 1 {
		add("want one <body>")
	} else if pre := firstElement(body[0]); pre == nil || pre.DataAtom != atom.Div || !strings.Contains(attr(pre, "style"), "display:none") || strings.TrimSpace(text(pre)) == "" {
		add("no hidden preheader at the start of <body>")
	}
	return problems
}

// TestHTMLContent checks the digest's HTML by selector: each paper's title
// link, authors, summary, counts and links, the topics section, the footer.
func TestHTMLContent(t *testing.T) {
	c := loadContent(t, "daily")
	m, err := Compose(c)
	if err != nil {
		t.Fatal(err)
	}
	doc := parseHTML(t, m.HTML)

	pre := firstElement(findAll(doc, isElem(atom.Body))[0])
	if got := text(pre); !strings.HasPrefix(got, "EnvHarness: Awakening Static Worlds for Agent Learning · FACET: Preserving") {
		t.Errorf("preheader = %q", got)
	}
	if got := headings(doc, atom.H1); !slices.Equal(got, []string{"Friday, 21 August 2026"}) {
		t.Errorf("h1 = %q", got)
	}
	if got := headings(doc, atom.H2); !slices.Equal(got, []string{"Top papers", "Your topics"}) {
		t.Errorf("h2 = %q", got)
	}
	var titles []string
	for _, it := range append(c.Top, c.Picks...) {
		titles = append(titles, oneLine(it.Title))
	}
	if got := headings(doc, atom.H3); !slices.Equal(got, titles) {
		t.Errorf("h3 = %q, want the titles %q", got, titles)
	}

	links := map[string]string{} // text of each link -> href, for the first paper
	h3 := findAll(doc, isElem(atom.H3))[0]
	if a := findAll(h3, isElem(atom.A)); len(a) != 1 || attr(a[0], "href") != "https://papers.example.org/papers/2608.19880" {
		t.Fatalf("first title does not link to the paper page")
	}
	cell := h3.Parent
	for _, a := range findAll(cell, isElem(atom.A)) {
		links[text(a)] = attr(a, "href")
	}
	wantLinks := map[string]string{
		"EnvHarness: Awakening Static Worlds for Agent Learning": "https://papers.example.org/papers/2608.19880",
		"Paper":   "https://papers.example.org/papers/2608.19880",
		"arXiv":   "https://arxiv.org/abs/2608.19880",
		"Code":    "https://github.com/google-research/envharness",
		"Project": "https://envharness.com/",
	}
	if !maps.Equal(links, wantLinks) {
		t.Errorf("first paper's links = %q, want %q", links, wantLinks)
	}
	paras := texts(findAll(cell, isElem(atom.P)))
	wantParas := []string{
		"Chengsong Huang, Zifeng Wang, Rujun Han et\u00a0al.",
		"EnvHarness and EnvRigger dynamically reshape static environments via programmable plugins to target agent weaknesses and improve reinforcement learning co-evolution.",
		"▲\u00a0163 upvotes · 1 comment",
		"Paper · arXiv · Code · Project",
	}
	if !slices.Equal(paras, wantParas) {
		t.Errorf("first paper's paragraphs = %q, want %q", paras, wantParas)
	}
	// The last paper has neither code nor project page.
	last := findAll(doc, isElem(atom.H3))[len(titles)-1].Parent
	if got := texts(findAll(last, isElem(atom.A))); !slices.Equal(got, []string{titles[len(titles)-1], "Paper", "arXiv"}) {
		t.Errorf("last paper's links = %q", got)
	}

	footer := map[string]string{}
	for _, a := range findAll(doc, isElem(atom.A)) {
		footer[text(a)] = attr(a, "href")
	}
	for label, want := range map[string]string{
		"Manage preferences":      c.PreferencesURL,
		"Unsubscribe":             c.UnsubscribeURL,
		"All of the day's papers": "https://papers.example.org/papers/date/2026-08-21",
		"Daily Papers":            "https://papers.example.org",
	} {
		if footer[label] != want {
			t.Errorf("link %q = %q, want %q", label, footer[label], want)
		}
	}
	if body := text(doc); !strings.Contains(body, "You get the daily digest of Daily Papers because ada@example.org subscribed to it.") ||
		!strings.Contains(body, "on the topics you follow: cs.CL, long context.") {
		t.Errorf("footer or topics lead missing:\n%s", body)
	}
}

func parseHTML(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func isElem(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.DataAtom == a }
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if match(d) {
			out = append(out, d)
		}
	}
	return out
}

func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is the text of n with runs of white space made one space, as a
// reader sees it.
var spaces = regexp.MustCompile(`[ \t\r\n]+`)

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	if n.Type == html.TextNode {
		b.WriteString(n.Data)
	}
	return strings.TrimSpace(spaces.ReplaceAllString(b.String(), " "))
}

func texts(ns []*html.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = text(n)
	}
	return out
}

func headings(doc *html.Node, a atom.Atom) []string { return texts(findAll(doc, isElem(a))) }

// TestMailHTMLProblemsFinds makes sure the checker above is not blind.
func TestMailHTMLProblemsFinds(t *testing.T) {
	bad := `<!DOCTYPE html><html><head><link rel="stylesheet" href="https://fonts.example/css">
<style>@import url(https://x.example/a.css);</style></head>
<body><p>no preheader</p><table><tr><td style="font-family:'Inter'">
<script>alert(1)</script><img src="https://tracker.example/p.gif">
<a href="/papers/1">relative</a><a href="javascript:alert(1)">js</a><a href="https://x.example" onclick="x()"></a>
</td></tr></table></body></html>`
	got := mailHTMLProblems(parseHTML(t, bad))
	for _, want := range []string{"lang", "<script>", "remote image", "<link", "role=presentation", `"/papers/1"`,
		`"javascript:alert(1)"`, "has no text", "onclick", "not just the dark-mode", "color-scheme", "width 600", "system stack", "preheader"} {
		if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, want) }) {
			t.Errorf("no problem about %q in %q", want, got)
		}
	}
}
