package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/negotiate"
)

//go:embed static
var staticFiles embed.FS

// asset is one static file, served at /static/{hash}/{name}. Its URL changes
// whenever its content does, so browsers may keep it for a year.
type asset struct {
	name string // path under static/, e.g. "katex/fonts/KaTeX_Main-Regular.woff2"
	hash string
	typ  string
	data []byte
	gz   []byte // gzip-compressed data; nil when compression does not pay
}

// assets are the static files by name.
type assets struct {
	byName map[string]*asset
}

// cssURL matches the url(...) references of a stylesheet.
var cssURL = regexp.MustCompile(`url\(([^)'"]+)\)`)

// loadAssets reads the embedded static files and fingerprints them. A
// stylesheet's relative url(...) references (KaTeX's fonts) are rewritten to
// the fingerprinted URLs first, so the stylesheet's own hash covers them.
func loadAssets() (*assets, error) {
	a := &assets{byName: make(map[string]*asset)}
	var css []string
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		a.byName[name] = &asset{name: name, data: data}
		if path.Ext(name) == ".css" {
			css = append(css, name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	for _, x := range a.byName {
		if path.Ext(x.name) != ".css" {
			a.seal(x)
		}
	}
	for _, name := range css { // after the files they refer to have hashes
		x := a.byName[name]
		if x.data, err = a.rewriteCSS(x); err != nil {
			return nil, err
		}
		a.seal(x)
	}
	return a, nil
}

// seal computes an asset's hash, type and compressed form.
func (a *assets) seal(x *asset) {
	sum := sha256.Sum256(x.data)
	x.hash = hex.EncodeToString(sum[:8])
	x.typ = mime.TypeByExtension(path.Ext(x.name))
	if x.typ == "" {
		x.typ = "application/octet-stream"
	}
	if compressible(x.typ) {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(x.data)
		zw.Close()
		if b.Len() < len(x.data)*9/10 {
			x.gz = b.Bytes()
		}
	}
}

func (a *assets) rewriteCSS(x *asset) ([]byte, error) {
	var missing error
	out := cssURL.ReplaceAllFunc(x.data, func(m []byte) []byte {
		ref := string(cssURL.FindSubmatch(m)[1])
		if strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "/") || strings.Contains(ref, "://") {
			return m
		}
		target, ok := a.byName[path.Join(path.Dir(x.name), ref)]
		if !ok {
			missing = fmt.Errorf("static %s refers to %s, which is not there", x.name, ref)
			return m
		}
		return []byte("url(" + target.url() + ")")
	})
	return out, missing
}

func (x *asset) url() string { return "/static/" + x.hash + "/" + x.name }

// URL is the fingerprinted URL of a static file; templates call it as
// {{asset "style.css"}}. An unknown name fails the template, so a typo fails
// at the first render in tests, not silently in a browser.
func (a *assets) URL(name string) (string, error) {
	x, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return x.url(), nil
}

// static serves /static/{hash}/{name}. A request for an older hash (a page
// cached across a deploy) gets today's file, but not for a year.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	x, ok := s.assets.byName[r.PathValue("name")]
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, missing("There is no file %s.", r.URL.Path))
		return
	}
	h := w.Header()
	h.Set("Content-Type", x.typ)
	if r.PathValue("hash") == x.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	body, etag := x.data, `"`+x.hash+`"`
	if x.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if negotiate.AcceptsGzip(r.Header) {
			body, etag = x.gz, `"`+x.hash+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}
