package web

import (
	"log/slog"
	"net/http"

	"github.com/dailypapers/dailypapers/internal/api"
	"github.com/dailypapers/dailypapers/internal/feeds"
	"github.com/dailypapers/dailypapers/internal/store"
)

// surfaces are the parts of the site other packages answer: the JSON API and
// the feeds. They share the site's mux, so the same middleware covers them.
type surfaces struct {
	api   *api.API
	feeds *feeds.Feeds
}

func newSurfaces(st *store.Store, log *slog.Logger, o Options) surfaces {
	return surfaces{
		api: api.New(st, api.Options{BaseURL: o.BaseURL, Location: o.Location, Now: o.Now, Log: log, Community: o.Community,
			SessionCookie: sessionCookie}),
		feeds: feeds.New(st, feeds.Options{BaseURL: o.BaseURL, Location: o.Location, Now: o.Now, Log: log}),
	}
}

func (x surfaces) register(mux *http.ServeMux) {
	x.api.Register(mux)
	x.feeds.Register(mux)
}

// feedLink is a feed a page advertises.
type feedLink = feeds.Link

// alternates lists the feeds of a list page (see feeds.Alternates).
func alternates(kind, arg string) []feedLink { return feeds.Alternates(kind, arg) }
