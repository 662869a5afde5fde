package feeds

import (
	"encoding/xml"
	"io"
	"time"

	"github.com/gorilla/feeds"
)

// The Atom document extends gorilla/feeds' feed and entry, which hold one
// link, one author and a category without the term attribute Atom requires,
// with alternate and self links, an author per paper author and a category
// per arXiv category. Outer fields shadow the embedded ones of the same name.
type atomFeed struct {
	XMLName xml.Name `xml:"feed"`
	*feeds.AtomFeed
	Links   []feeds.AtomLink `xml:"link"`
	Entries []atomEntry      `xml:"entry"`
}

type atomEntry struct {
	XMLName xml.Name `xml:"entry"`
	*feeds.AtomEntry
	Authors    []feeds.AtomAuthor `xml:"author"`
	Categories []atomCategory     `xml:"category"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// writeAtom writes ch as Atom 1.0: the summary is the abstract as text, the
// content the item's HTML.
func writeAtom(w io.Writer, ch channel) error {
	doc := atomFeed{
		AtomFeed: &feeds.AtomFeed{
			Xmlns:    "http://www.w3.org/2005/Atom",
			Title:    ch.Title,
			Id:       ch.Self,
			Updated:  ch.Updated.Format(time.RFC3339),
			Subtitle: ch.Description,
			// Atom wants an author for the feed unless every entry has one.
			Author: &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: siteName}},
		},
		Links: []feeds.AtomLink{
			{Href: ch.Link, Rel: "alternate", Type: "text/html"},
			{Href: ch.Self, Rel: "self", Type: "application/atom+xml"},
		},
	}
	for _, it := range ch.Items {
		e := atomEntry{AtomEntry: &feeds.AtomEntry{
			Title:     it.Title,
			Id:        it.URL,
			Updated:   it.Published.Format(time.RFC3339),
			Published: it.Published.Format(time.RFC3339),
			Links:     []feeds.AtomLink{{Href: it.URL, Rel: "alternate", Type: "text/html"}},
			Summary:   &feeds.AtomSummary{Content: it.Abstract, Type: "text"},
			Content:   &feeds.AtomContent{Content: it.ContentHTML, Type: "html"},
		}}
		for _, name := range it.Authors {
			e.Authors = append(e.Authors, feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: name}})
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c})
		}
		doc.Entries = append(doc.Entries, e)
	}
	return encodeXML(w, doc)
}
