package digestmail

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"testing"

	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/mailtest"
)

// BenchmarkCompose measures one subscriber's mail. The digest sender must
// send over 1,000 messages a second on two cores, SMTP included, so this
// should stay well under 200 µs. In a run every subscriber gets the same
// top papers, which are rendered once ("run"); "cold" renders every paper
// of every mail, as the first mail of a run does.
func BenchmarkCompose(b *testing.B) {
	for _, name := range goldenNames {
		c := loadContent(b, name)
		b.Run(name+"/run", func(b *testing.B) {
			cm := NewComposer()
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				c.MessageID = fmt.Sprintf("digest-41-%d@papers.example.org", i)
				if _, err := cm.Compose(c); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/cold", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				cc := c
				cc.Top, cc.Picks = slices.Clone(c.Top), slices.Clone(c.Picks)
				for j := range cc.Top {
					cc.Top[j].Upvotes = i // papers not rendered before
				}
				for j := range cc.Picks {
					cc.Picks[j].Upvotes = i
				}
				cc.MessageID = fmt.Sprintf("digest-41-%d@papers.example.org", i)
				if _, err := Compose(cc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkComposeAndSend composes and sends over one SMTP session to the
// in-process test server, which shares the CPU: a pessimistic figure for
// one digest worker.
func BenchmarkComposeAndSend(b *testing.B) {
	srv := mailtest.NewServer(b)
	s, err := mail.NewSMTP(mail.Config{URL: srv.URL(), From: testFrom}, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	sess, err := s.Session(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer sess.Close()
	c := loadContent(b, "daily")
	cm := NewComposer()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.MessageID = fmt.Sprintf("digest-41-%d@papers.example.org", i)
		m, err := cm.Compose(c)
		if err != nil {
			b.Fatal(err)
		}
		if err := sess.Send(context.Background(), m); err != nil {
			b.Fatal(err)
		}
	}
}
