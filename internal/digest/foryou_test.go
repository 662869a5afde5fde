package digest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// graphPaper is a paper about graph neural networks first published at.
func graphPaper(id, title string, at time.Time) store.Item {
	return store.Item{Paper: paper.Paper{ID: id, Version: 1, Title: title,
		Abstract: "Graph neural networks pass messages between the nodes of molecular graphs to predict their properties.",
		Authors:  []paper.Author{{Name: "Ada Lovelace"}}, PublishedAt: at, UpdatedAt: at,
		Versions: []paper.Version{{Version: 1, Date: at}}}}
}

// readerWithSaves makes an account of the subscriber's address that saved
// the papers, and links the subscription to it if link.
func readerWithSaves(t testing.TB, st *store.Store, sub store.Subscriber, name string, link bool, saves ...string) {
	t.Helper()
	ctx := context.Background()
	a, err := st.CreateAccount(ctx, store.Account{Name: name, Email: sub.Email})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range saves {
		if err := st.Save(ctx, a.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	if link {
		if err := st.LinkSubscriber(ctx, sub.ID, a.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDigestForYou: a subscriber whose address belongs to an account with
// three saves (linked to the subscription or not) gets "Picked for you"
// in both parts, with reasons, never a paper they saved; one with fewer
// signals, or with no account, does not.
func TestDigestForYou(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		srv := mailtest.NewServer(t)
		st := openStore(t, dsn, nil)
		importDay(t, st)
		old := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
		fresh := time.Date(2026, 8, 21, 16, 0, 0, 0, time.UTC) // noon in New York, on the digest's day
		items := []store.Item{
			graphPaper("2607.00001", "Graph networks for chemistry", old),
			graphPaper("2607.00002", "Message passing for molecules", old),
			graphPaper("2607.00003", "Molecular graph property prediction", old),
			graphPaper("2608.00001", "Equivariant graph networks for molecular graphs", fresh),
			graphPaper("2608.00002", "Saved already: graph message passing", fresh),
		}
		if _, err := st.Import(context.Background(), items); err != nil {
			t.Fatal(err)
		}
		if _, err := st.BackfillVectors(context.Background(), 1000); err != nil { // as serve does after an import
			t.Fatal(err)
		}
		ada := addSubscriber(t, st, "ada@example.org", nil, nil)
		bob := addSubscriber(t, st, "bob@example.org", nil, nil)
		carol := addSubscriber(t, st, "carol@example.org", nil, nil)
		dave := addSubscriber(t, st, "dave@example.org", nil, nil)
		readerWithSaves(t, st, ada, "ada", true, "2607.00001", "2607.00002", "2607.00003", "2608.00002")
		readerWithSaves(t, st, bob, "bob", true, "2607.00001", "2607.00002")
		readerWithSaves(t, st, dave, "dave", false, "2607.00001", "2607.00002", "2607.00003")
		svc := digest.New(st, newSender(t, srv.URL()), digest.Options{BaseURL: baseURL})
		if _, err := svc.Send(bounded(t), digest.Daily, day); err != nil {
			t.Fatalf("Send: %v", err)
		}
		got := map[int64]arrival{}
		for _, m := range srv.Messages() {
			a := parseArrival(t, m)
			got[a.Subscriber] = a
		}
		if d := got[dave.ID]; !strings.Contains(d.Text, "PICKED FOR YOU") {
			t.Errorf("dave, whose address has an account he never linked, gets no For you section:\n%s", d.Text)
		}
		a := got[ada.ID]
		text := oneLine(a.Text)
		if !strings.Contains(a.Text, "PICKED FOR YOU") || !strings.Contains(a.HTML, "Picked for you") ||
			!strings.Contains(text, "Equivariant graph networks for molecular graphs") || !strings.Contains(a.HTML, "Equivariant graph networks for molecular graphs") ||
			!strings.Contains(text, "which you saved") || !strings.Contains(a.HTML, "which you saved") {
			t.Errorf("ada's digest has no For you section with reasons:\n%s", a.Text)
		}
		if strings.Contains(text, "Saved already") {
			t.Errorf("ada's digest recommends a paper she saved:\n%s", a.Text)
		}
		if i, j := strings.Index(a.Text, "PICKED FOR YOU"), strings.Index(a.Text, "All of the day's papers"); i < j {
			t.Errorf("For you at %d comes before the end of the top papers at %d", i, j)
		}
		for _, sub := range []store.Subscriber{bob, carol} {
			if m := got[sub.ID]; m.Text == "" || strings.Contains(m.Text, "PICKED FOR YOU") || strings.Contains(m.HTML, "Picked for you") {
				t.Errorf("%s: For you section present (or no message): %q", sub.Email, fmt.Sprint(len(m.Text)))
			}
		}
	})
}
