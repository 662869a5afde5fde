package feeds

import (
	"net/url"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/tex"
)

// channel is a feed ready to write in any format: absolute links, item
// content rendered.
type channel struct {
	Title, Description string
	Link               string // the page the feed follows
	Self               string // the feed itself
	Updated            time.Time
	Items              []item
}

// item is one paper of a channel.
type item struct {
	URL         string // the paper's page, also its stable id
	Title       string
	Abstract    string   // plain text
	ContentHTML string   // escaped HTML: AI summary, abstract, counts, links
	Authors     []string // the first few
	Byline      string   // the first few and how many more, for RSS's one author field
	Published   time.Time
	Categories  []string
}

// maxAuthors is how many names go in an item's author fields; a paper can
// have hundreds of authors, and readers show the field on one line.
const maxAuthors = 5

// channel dresses a listing for format fm, with links under base.
func (f *Feeds) channel(l listing, fm format, base string) (channel, error) {
	ch := channel{
		Title:       feedTitle(l.kind, l.arg),
		Description: l.description,
		Link:        base + pagePath(l.kind, l.arg),
		Self:        base + feedPath(l.kind, l.arg, fm.name),
	}
	for _, it := range l.items {
		x, err := f.item(it, base)
		if err != nil {
			return channel{}, err
		}
		ch.Items = append(ch.Items, x)
		if x.Published.After(ch.Updated) {
			ch.Updated = x.Published
		}
	}
	if ch.Updated.IsZero() {
		ch.Updated = f.opts.Now() // an empty feed: changed, as far as anyone knows, now
	}
	ch.Updated = ch.Updated.In(f.opts.Location)
	return ch, nil
}

func (f *Feeds) item(it listed, base string) (item, error) {
	p := it.paper
	u := base + "/papers/" + url.PathEscape(p.ID)
	published := p.PublishedAt
	if it.entry != nil {
		published = it.entry.SubmittedAt
	}
	content, err := f.contentOf(it, u)
	if err != nil {
		return item{}, err
	}
	return item{
		URL:         u,
		Title:       tex.Text(p.Title),
		Abstract:    p.Abstract,
		ContentHTML: content,
		Authors:     authorNames(p.Authors, maxAuthors),
		Byline:      authorLine(p.Authors, maxAuthors),
		Published:   published.In(f.opts.Location),
		Categories:  categoriesOf(p),
	}, nil
}

func categoriesOf(p paper.Paper) []string {
	if len(p.Categories) == 0 && p.PrimaryCategory != "" {
		return []string{p.PrimaryCategory}
	}
	return p.Categories
}
