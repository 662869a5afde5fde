package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/plural"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// PaperMarkdown serves GET /papers/{id}.md: the paper as Markdown, for
// readers and tools that want text (id may keep its ".md"). An unknown paper
// is an error wrapping paper.ErrNotFound, for the caller to answer.
func (a *API) PaperMarkdown(w http.ResponseWriter, r *http.Request, id string) error {
	de, err := a.lookup(r.Context(), strings.TrimSuffix(id, ".md"))
	if err != nil {
		return err
	}
	var b bytes.Buffer
	writeMarkdown(&b, de, site.Origin(a.opts.BaseURL, r))
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.Write(b.Bytes())
	return nil
}

func writeMarkdown(b *bytes.Buffer, de store.DayEntry, origin string) {
	p := &de.Paper
	fmt.Fprintf(b, "# %s\n\n", mdLine(p.Title))
	if names := authorNames(p.Authors); names != "" {
		fmt.Fprintf(b, "**Authors:** %s\n\n", names)
	}
	abs := "https://arxiv.org/abs/" + p.ID
	fmt.Fprintf(b, "- arXiv: [%s](%s)\n", p.ID, abs)
	fmt.Fprintf(b, "- PDF: <https://arxiv.org/pdf/%s>\n", p.ID)
	fmt.Fprintf(b, "- HTML: <https://arxiv.org/html/%s>\n", p.ID)
	for _, item := range metadata(p) {
		fmt.Fprintf(b, "- %s: %s\n", item[0], mdLine(item[1]))
	}
	for _, doi := range p.DOIs {
		fmt.Fprintf(b, "- DOI: [%s](https://doi.org/%s)\n", mdLine(doi), url.PathEscape(doi))
	}
	if de.Entry.Day != "" {
		fmt.Fprintf(b, "- Daily Papers: %s, %s, %s", de.Entry.Day, plural.Count(de.Entry.Upvotes, "upvote"), plural.Count(de.Entry.LocalComments, "comment"))
		if n := de.Entry.HFComments(); n > 0 {
			fmt.Fprintf(b, " here and [%d on Hugging Face](https://huggingface.co/papers/%s#community)", n, p.ID)
		}
		if de.Submitter != nil {
			fmt.Fprintf(b, ", submitted by %s", mdLine(de.Submitter.Name))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "- Page: <%s/papers/%s>\n\n", origin, p.ID)
	if p.Abstract != "" {
		fmt.Fprintf(b, "## Abstract\n\n%s\n\n", mdText(p.Abstract))
	}
	if p.AISummary != "" {
		fmt.Fprintf(b, "## AI summary\n\n%s\n\n", mdText(p.AISummary))
	}
	writeLinks(b, p)
}

// metadata lists the paper's known metadata as label and value.
func metadata(p *paper.Paper) [][2]string {
	var out [][2]string
	add := func(label, value string) {
		if value != "" {
			out = append(out, [2]string{label, value})
		}
	}
	if !p.PublishedAt.IsZero() {
		add("Published", p.PublishedAt.UTC().Format(paper.DayLayout))
	}
	if !p.UpdatedAt.IsZero() && !p.UpdatedAt.Equal(p.PublishedAt) {
		add("Updated", p.UpdatedAt.UTC().Format(paper.DayLayout))
	}
	if p.Version > 0 {
		add("Version", "v"+strconv.Itoa(p.Version))
	}
	add("Categories", strings.Join(p.Categories, ", "))
	add("Comments", p.Comments)
	add("Journal reference", p.JournalRef)
	add("Report number", p.ReportNo)
	add("License", p.License)
	if p.Withdrawn {
		add("Status", "withdrawn")
	}
	if len(p.AIKeywords) > 0 {
		add("Keywords", strings.Join(p.AIKeywords, ", "))
	}
	return out
}

func writeLinks(b *bytes.Buffer, p *paper.Paper) {
	code, project := webURL(p.GitHubRepo), webURL(p.ProjectPage)
	if code == "" && project == "" {
		return
	}
	b.WriteString("## Links\n\n")
	if code != "" {
		fmt.Fprintf(b, "- Code: <%s>", code)
		if p.GitHubStars > 0 {
			fmt.Fprintf(b, " (%s)", plural.Count(p.GitHubStars, "star"))
		}
		b.WriteString("\n")
	}
	if project != "" {
		fmt.Fprintf(b, "- Project page: <%s>\n", project)
	}
}

// authorNames lists the authors, each with affiliations in parentheses.
func authorNames(as []paper.Author) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = mdLine(a.Name)
		if len(a.Affiliations) > 0 {
			names[i] += " (" + mdLine(strings.Join(a.Affiliations, "; ")) + ")"
		}
	}
	return strings.Join(names, ", ")
}

// webURL is s if it is an http(s) URL fit for an autolink, else "": a
// javascript: link or a stray ">" from the data must not become a link.
func webURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		strings.ContainsAny(s, "<> \t\r\n") {
		return ""
	}
	return s
}

// mdText is text as Markdown: "<" escaped so that no HTML in the data is
// rendered by a Markdown viewer; TeX and the rest are left for readers.
func mdText(s string) string { return strings.ReplaceAll(s, "<", `\<`) }

// mdLine is mdText on one line, so it cannot end a list item or a heading.
func mdLine(s string) string { return mdText(strings.Join(strings.Fields(s), " ")) }
