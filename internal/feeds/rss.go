package feeds

import (
	"encoding/xml"
	"io"
	"time"

	"github.com/gorilla/feeds"
)

// The RSS document extends gorilla/feeds' channel and item, which hold one
// category and an author that RSS wants to be an e-mail address, with what a
// paper needs: a category per arXiv category, the authors as one dc:creator
// naming them (as arXiv's own feeds do: readers show only the first
// dc:creator), and the atom:link to itself that feed validators ask for.
// encoding/xml lets a field of the outer struct shadow the embedded one of
// the same element name.
type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	AtomNS  string     `xml:"xmlns:atom,attr"`
	DCNS    string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	XMLName xml.Name `xml:"channel"`
	*feeds.RssFeed
	Self  rssSelf   `xml:"atom:link"`
	Items []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	XMLName xml.Name `xml:"item"`
	*feeds.RssItem
	Creator    string   `xml:"dc:creator,omitempty"`
	Categories []string `xml:"category"`
}

// writeRSS writes ch as RSS 2.0. The description is the item's HTML (escaped
// once more by XML), as readers take RSS descriptions to be HTML.
func writeRSS(w io.Writer, ch channel) error {
	doc := rssDoc{
		Version: "2.0",
		AtomNS:  "http://www.w3.org/2005/Atom",
		DCNS:    "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{
			RssFeed: &feeds.RssFeed{
				Title:         ch.Title,
				Link:          ch.Link,
				Description:   ch.Description,
				LastBuildDate: ch.Updated.Format(time.RFC1123Z),
				Generator:     siteName,
			},
			Self: rssSelf{Href: ch.Self, Rel: "self", Type: "application/rss+xml"},
		},
	}
	for _, it := range ch.Items {
		doc.Channel.Items = append(doc.Channel.Items, rssItem{
			RssItem: &feeds.RssItem{
				Title:       it.Title,
				Link:        it.URL,
				Description: it.ContentHTML,
				Guid:        &feeds.RssGuid{Id: it.URL, IsPermaLink: "true"},
				PubDate:     it.Published.Format(time.RFC1123Z),
			},
			Creator:    it.Byline,
			Categories: it.Categories,
		})
	}
	return encodeXML(w, doc)
}

func encodeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}
