package feeds

import (
	"fmt"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// contentHTML is the body of a feed item. It is an html/template, so every
// piece of paper text — titles and abstracts are full of <, & and TeX — is
// escaped, and links from the source are only ever href values, sanitised.
const contentHTML = `{{with .Paper.AISummary}}<p><strong>AI summary:</strong> {{.}}</p>
{{end}}{{with .Authors}}<p><em>{{.}}</em></p>
{{end}}{{with .Paper.Abstract}}<p>{{.}}</p>
{{end}}<p>{{with .Entry}}Upvotes: {{.Upvotes}} · Comments: {{.NumComments}} · {{end -}}
<a href="{{.URL}}">Paper page</a> · <a href="https://arxiv.org/abs/{{.Paper.ID}}">arXiv</a>
{{- with .Paper.GitHubRepo}} · <a href="{{.}}">Code</a>{{end}}
{{- with .Paper.ProjectPage}} · <a href="{{.}}">Project page</a>{{end}}</p>
`

// maxListed is how many authors the item's content names.
const maxListed = 20

type contentData struct {
	Paper   paper.Paper
	Entry   *paper.Entry
	URL     string
	Authors string
}

func (f *Feeds) contentOf(it listed, pageURL string) (string, error) {
	var b strings.Builder
	d := contentData{Paper: it.paper, Entry: it.entry, URL: pageURL, Authors: authorLine(it.paper.Authors, maxListed)}
	if err := f.content.Execute(&b, d); err != nil {
		return "", fmt.Errorf("content of %s: %w", it.paper.ID, err)
	}
	return b.String(), nil
}

// authorNames are the names of the first n authors.
func authorNames(as []paper.Author, n int) []string {
	names := make([]string, 0, min(len(as), n))
	for _, a := range as[:min(len(as), n)] {
		names = append(names, a.Name)
	}
	return names
}

// authorLine names the first n authors, and how many more there are.
func authorLine(as []paper.Author, n int) string {
	line := strings.Join(authorNames(as, n), ", ")
	if len(as) > n {
		line += fmt.Sprintf(" and %d more", len(as)-n)
	}
	return line
}
