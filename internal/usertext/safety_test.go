package usertext

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// allowedAttrs lists, per element, every element and attribute that
// rendered comments may contain. It is written independently of the
// bluemonday policy so that a mistake in one is caught by the other.
var allowedAttrs = map[string][]string{
	"p": nil, "br": nil, "hr": nil, "blockquote": nil, "pre": nil, "code": nil,
	"em": nil, "strong": nil, "del": nil,
	"h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"ul": nil, "ol": {"start"}, "li": nil,
	"table": nil, "thead": nil, "tbody": nil, "tr": nil,
	"th": {"align"}, "td": {"align"},
	"a": {"href", "rel", "title"},
	// A formula: class "math inline" or "math display", text alone inside.
	"span": {"class"},
}

// unsafeMarkup parses rendered comment HTML the way a browser would inside
// a <div> and returns a description of everything in it that could run
// script, load content from elsewhere or escape the comment's box: an
// element or attribute outside allowedAttrs, a link that is not http, https
// or mailto, or a link without rel="nofollow ugc". It returns nil when the
// HTML is safe.
func unsafeMarkup(s string) []string {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		return []string{fmt.Sprintf("output does not parse: %v", err)}
	}
	var problems []string
	for _, n := range nodes {
		problems = append(problems, unsafeNode(n)...)
	}
	return problems
}

// unsafeNode checks n and everything below it.
func unsafeNode(n *html.Node) []string {
	var problems []string
	switch n.Type {
	case html.ElementNode:
		problems = unsafeElement(n)
	case html.TextNode:
	default:
		problems = []string{fmt.Sprintf("unexpected node type %d (%q)", n.Type, n.Data)}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		problems = append(problems, unsafeNode(c)...)
	}
	return problems
}

// unsafeElement checks one element and its attributes.
func unsafeElement(n *html.Node) []string {
	allowed, ok := allowedAttrs[n.Data]
	if !ok || n.Namespace != "" {
		return []string{fmt.Sprintf("element <%s> (namespace %q) is not allowed", n.Data, n.Namespace)}
	}
	var problems []string
	var rel string
	for _, a := range n.Attr {
		switch {
		case !contains(allowed, a.Key) || a.Namespace != "":
			problems = append(problems, fmt.Sprintf("attribute %s=%q on <%s> is not allowed", a.Key, a.Val, n.Data))
		case a.Key == "href" && !safeHref(a.Val):
			problems = append(problems, fmt.Sprintf("href %q is not http, https or mailto", a.Val))
		case a.Key == "rel":
			rel = a.Val
		case a.Key == "class" && a.Val != "math inline" && a.Val != "math display":
			problems = append(problems, fmt.Sprintf("class %q on <%s> is not a formula's", a.Val, n.Data))
		}
	}
	if n.Data == "span" {
		if len(n.Attr) != 1 {
			problems = append(problems, "span without a formula's class")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.TextNode {
				problems = append(problems, fmt.Sprintf("formula holds <%s>, want text alone", c.Data))
			}
		}
	}
	if n.Data == "a" {
		tokens := strings.Fields(rel)
		if !contains(tokens, "nofollow") || !contains(tokens, "ugc") {
			problems = append(problems, fmt.Sprintf("link has rel=%q, want nofollow and ugc", rel))
		}
	}
	return problems
}

// safeHref reports whether an href, already unescaped by the parser, is an
// http, https or mailto URL once the whitespace and control characters that
// browsers ignore inside a scheme are taken out.
func safeHref(href string) bool {
	stripped := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, href)
	for _, scheme := range []string{"http:", "https:", "mailto:"} {
		if strings.HasPrefix(stripped, scheme) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestUnsafeMarkup checks the checker: a safety test whose checker accepts
// everything would pass for the worst renderer.
func TestUnsafeMarkup(t *testing.T) {
	tests := []struct {
		html string
		safe bool
	}{
		{`<p>hi <em>there</em></p>`, true},
		{`<a href="https://x.example" rel="nofollow ugc">x</a>`, true},
		{`<a href="mailto:a@x.example" rel="ugc nofollow">x</a>`, true},
		{`<table><tbody><tr><td align="left">1</td></tr></tbody></table>`, true},
		{`&lt;script&gt;alert(1)&lt;/script&gt;`, true},
		{`<script>alert(1)</script>`, false},
		{`<img src=x>`, false},
		{`<p onclick="x">hi</p>`, false},
		{`<p style="color:red">hi</p>`, false},
		{`<p class="x">hi</p>`, false},
		{`<a href="https://x.example">no rel</a>`, false},
		{`<a href="https://x.example" rel="nofollow">x</a>`, false},
		{`<a href="javascript:alert(1)" rel="nofollow ugc">x</a>`, false},
		{`<a href="java&#x09;script:alert(1)" rel="nofollow ugc">x</a>`, false},
		{`<a href="/relative" rel="nofollow ugc">x</a>`, false},
		{`<a href="" rel="nofollow ugc">x</a>`, false},
		{`<svg><a href="https://x.example" rel="nofollow ugc">x</a></svg>`, false},
		{`<!-- comment -->`, false},
		{`<span class="math inline">$x_1$</span>`, true},
		{`<span class="math display">$$x$$</span>`, true},
		{`<span class="math">$x$</span>`, false},
		{`<span>x</span>`, false},
		{`<span class="math inline"><em>x</em></span>`, false},
	}
	for _, tt := range tests {
		problems := unsafeMarkup(tt.html)
		if got := problems == nil; got != tt.safe {
			t.Errorf("unsafeMarkup(%q) = %q, want safe=%v", tt.html, problems, tt.safe)
		}
	}
}
