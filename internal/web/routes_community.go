package web

import "net/http"

// communityRoutes are the pages and forms of accounts, submissions, votes,
// the discussion and moderation.
func (s *Server) communityRoutes(mux *http.ServeMux) {
	routes := []struct {
		pattern string
		handler handlerFunc
	}{
		{"GET /signin", s.signin},
		{"POST /signin", s.requestSignin},
		{"GET /signin/confirm", s.confirmSignin},
		{"POST /signin/confirm", s.finishSignin},
		{"GET /welcome", s.welcome},
		{"POST /welcome", s.welcome},
		{"POST /signout", s.signout},
		{"GET /u/{name}", s.user},
		{"GET /settings", s.settings},
		{"POST /settings/profile", s.action(s.saveProfile)},
		{"POST /settings/tokens", s.action(s.createToken)},
		{"POST /settings/tokens/{token}/revoke", s.action(s.revokeToken)},
		{"POST /settings/signout-everywhere", s.action(s.signoutEverywhere)},
		{"POST /settings/digest", s.action(s.subscribeAccount)},
		{"GET /submit", s.submitForm},
		{"POST /submit", s.action(s.submit)},
		{"POST /papers/{rest...}", s.action(s.paperAction)},
		{"GET /saved", s.saved},
		{"GET /saved.bib", s.savedBibTeX},
		{"GET /moderation", s.moderation},
		{"POST /moderation/claims/{claim}/{verb}", s.action(s.decideClaim)},

		// The digest.
		{"GET /subscribe", s.subscribeForm},
		{"POST /subscribe", s.subscribe},
		{"GET /subscribe/confirm", s.confirmSubscription},
		{"POST /subscribe/confirm", s.finishSubscription},
		{"GET /subscription/{token}", s.preferences},
		{"POST /subscription/{token}", s.preferences},
		{"GET /unsubscribe/{token}", s.unsubscribePage},
		{"POST /unsubscribe/{token}", s.unsubscribe},
		{"GET /admin/digest", s.admin(s.adminDigest)},
		{"GET /admin/digest/preview", s.admin(s.adminPreview)},
		{"GET /admin/subscribers.csv", s.admin(s.adminExport)},
		{"POST /admin/suppress", s.action(s.adminSuppress)},
	}
	for _, r := range routes {
		mux.Handle(r.pattern, s.handle(r.handler))
	}
}
