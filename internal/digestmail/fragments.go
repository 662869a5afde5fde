package digestmail

import (
	"fmt"
	htmltemplate "html/template"
	"strings"
	"sync"
)

// fragment is one paper rendered for both parts of the mail.
type fragment struct {
	Text string
	// HTML is the output of html/template for the paper's table row,
	// where every value was escaped; the digest template inserts it
	// where a row goes, the context it was rendered for.
	HTML htmltemplate.HTML
}

// Composer composes digests and keeps the papers it has rendered. A run
// sends the same top papers to every subscriber, and rendering a paper's
// HTML is most of the cost of a mail (html/template calls its escapers by
// reflection), so after the first mail of a run only the picks and the
// frame are rendered. The key is the whole itemView, which holds
// everything a fragment shows (rank, cleaned text, links), so a changed
// paper is rendered again. A Composer is safe for concurrent use; a sender
// keeps one.
type Composer struct {
	cache fragmentCache
}

// NewComposer returns a Composer with an empty cache.
func NewComposer() *Composer { return &Composer{cache: fragmentCache{m: make(map[itemView]fragment)}} }

// maxFragments bounds the cache, a few MB at most: far more papers than a
// day's runs share.
const maxFragments = 512

type fragmentCache struct {
	mu sync.Mutex
	m  map[itemView]fragment
}

func (fc *fragmentCache) get(it itemView) (fragment, error) {
	fc.mu.Lock()
	f, ok := fc.m[it]
	fc.mu.Unlock()
	if ok {
		return f, nil
	}
	f, err := renderItem(it)
	if err != nil {
		return f, err
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if len(fc.m) >= maxFragments {
		clear(fc.m)
	}
	fc.m[it] = f
	return f, nil
}

func renderItem(it itemView) (fragment, error) {
	var tb, hb strings.Builder
	tb.Grow(1 << 10)
	hb.Grow(3 << 10)
	if err := textTemplates.ExecuteTemplate(&tb, "item.txt", it); err != nil {
		return fragment{}, fmt.Errorf("render item.txt: %w", err)
	}
	if err := htmlTemplates.ExecuteTemplate(&hb, "item.html", it); err != nil {
		return fragment{}, fmt.Errorf("render item.html: %w", err)
	}
	return fragment{Text: tb.String(), HTML: htmltemplate.HTML(hb.String())}, nil
}
