package api

import "net/http"

// Register adds every /api/ route to mux. GET /papers/{id}.md is not here:
// it would clash with the page route /papers/{id}, so the site serves it
// through PaperMarkdown.
func (a *API) Register(mux *http.ServeMux) {
	routes := []struct {
		pattern string
		handler handlerFunc
	}{
		{"GET /api/daily_papers", a.dailyPapers},
		{"GET /api/papers", a.listPapers},
		{"GET /api/papers/search", a.search},
		{"GET /api/papers/for-you", a.forYou},
		// {id...}: old-style ids hold a slash (hep-th/9901001).
		{"GET /api/papers/{id...}", a.paper},
		{"GET /api/", a.unknownRoute},
		// Writes, with an API token. Old-style ids hold a slash, so the
		// action after the id is parsed by paperAction.
		{"POST /api/papers/submit", a.authed(a.submit)},
		{"POST /api/papers/{rest...}", a.authed(a.paperAction)},
		{"DELETE /api/papers/{rest...}", a.authed(a.paperAction)},
	}
	for _, r := range routes {
		mux.Handle(r.pattern, allowAnyOrigin(a.handle(r.handler)))
	}
	mux.HandleFunc("OPTIONS /api/", preflight)
}

// allowAnyOrigin lets web pages on any site use the API: reads are public,
// and writes take an API token in a header, never a cookie, so another site
// cannot make a visitor's browser write on their behalf.
func allowAnyOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		// Scripts page through lists by the Link header, and read how
		// many papers a search matched in X-Total-Count (search.go).
		h.Set("Access-Control-Expose-Headers", "Link, X-Total-Count, X-Total-Count-Is-Lower-Bound")
		next.ServeHTTP(w, r)
	})
}

// preflight answers CORS preflight requests for the read API.
func preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) unknownRoute(w http.ResponseWriter, r *http.Request) error {
	return notFound("Not found")
}
