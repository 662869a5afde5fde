package feeds

import (
	"encoding/json"
	"io"

	"github.com/gorilla/feeds"
)

// jsonFeedVersion is the JSON Feed version written (gorilla/feeds keeps its
// own unexported).
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

// jsonFeed is gorilla/feeds' JSON Feed with "items" always present, as the
// specification requires; the embedded field omits it when the feed is empty.
type jsonFeed struct {
	*feeds.JSONFeed
	Items []*feeds.JSONItem `json:"items"`
}

// writeJSON writes ch as JSON Feed 1.1: the summary is the abstract, the
// content the item's HTML. encoding/json escapes <, > and & in strings, so
// no paper text appears as markup even to a careless consumer.
func writeJSON(w io.Writer, ch channel) error {
	doc := jsonFeed{
		JSONFeed: &feeds.JSONFeed{
			Version:     jsonFeedVersion,
			Title:       ch.Title,
			HomePageUrl: ch.Link,
			FeedUrl:     ch.Self,
			Description: ch.Description,
		},
		Items: []*feeds.JSONItem{},
	}
	for _, it := range ch.Items {
		x := &feeds.JSONItem{
			Id:            it.URL,
			Url:           it.URL,
			Title:         it.Title,
			ContentHTML:   it.ContentHTML,
			Summary:       it.Abstract,
			PublishedDate: &it.Published,
			Tags:          it.Categories,
		}
		for _, name := range it.Authors {
			x.Authors = append(x.Authors, &feeds.JSONAuthor{Name: name})
		}
		doc.Items = append(doc.Items, x)
	}
	return json.NewEncoder(w).Encode(doc)
}
