package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Templates are of two kinds: pages (day.html, paper.html, ...), each
// defining "content" and parsed into its own set, and shared files
// (layout.html defines "layout", parts.html the cards and forms), parsed into
// every set. A page is rendered by executing "layout".
const sharedPrefix = "_"

// pageSet holds one parsed template per page.
type pageSet struct {
	funcs  template.FuncMap
	dev    bool
	mu     sync.Mutex // guards byName, which dev reloads
	byName map[string]*template.Template
}

func loadPages(funcs template.FuncMap, dev bool) (*pageSet, error) {
	ps := &pageSet{funcs: funcs, dev: dev}
	var err error
	ps.byName, err = parsePages(templateFS(dev), funcs)
	return ps, err
}

// templateFS is the embedded templates or, in development, the ones in the
// source tree beside this file.
func templateFS(dev bool) fs.FS {
	if dev {
		_, file, _, ok := runtime.Caller(0)
		if ok {
			return os.DirFS(filepath.Dir(file))
		}
	}
	return templateFiles
}

func parsePages(fsys fs.FS, funcs template.FuncMap) (map[string]*template.Template, error) {
	names, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	shared := template.New("").Funcs(funcs)
	if shared, err = shared.ParseFS(fsys, "templates/"+sharedPrefix+"*.html"); err != nil {
		return nil, err
	}
	out := make(map[string]*template.Template)
	for _, n := range names {
		base := filepath.Base(n)
		if strings.HasPrefix(base, sharedPrefix) {
			continue
		}
		t, err := template.Must(shared.Clone()).ParseFS(fsys, n)
		if err != nil {
			return nil, err
		}
		out[base] = t
	}
	return out, nil
}

func (ps *pageSet) get(name string) (*template.Template, error) {
	if ps.dev {
		byName, err := parsePages(templateFS(true), ps.funcs)
		if err != nil {
			return nil, err
		}
		ps.mu.Lock()
		ps.byName = byName
		ps.mu.Unlock()
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	t, ok := ps.byName[name]
	if !ok {
		return nil, fmt.Errorf("no template %s", name)
	}
	return t, nil
}

func (s *Server) render(w http.ResponseWriter, name string, data any) error {
	return s.renderStatus(w, http.StatusOK, name, data)
}

func (s *Server) renderStatus(w http.ResponseWriter, code int, name string, data any) error {
	t, err := s.pages.get(name)
	if err != nil {
		return err
	}
	// A page is rendered whole before a byte is sent, so a template error
	// is an error page, not half a page.
	b, _ := s.bufs.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	defer func() { b.Reset(); s.bufs.Put(b) }()
	if err := t.ExecuteTemplate(b, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, err = w.Write(b.Bytes())
	return err
}
